package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.ReplyBudget;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.domain.Scheduler;

/**
 * The Kademlia node: inbound RPC handlers ({@code handle*}), outbound RPCs ({@code findNode},
 * {@code store}, …) and the façade built from iterative lookups.
 *
 * <p><b>Threads.</b> Dispatcher workers call {@link #handle}, reply futures complete on workers or
 * the timer, maintenance runs on the {@link Scheduler}. All mutable state — routing table, values,
 * peer lists, lookups, the random generator — is confined by one lock ({@code lock}); it is held
 * only for in-memory work, never across I/O waits (sends do not block; saving the state encodes under
 * the lock and writes outside it). In simulations everything runs on the one scheduler thread, so the
 * lock is never contended and a seeded run is reproducible.
 */
final class Node implements KademliaNode {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    static final String STATE_NAME = "kademlia-state";

    private enum Lifecycle { NEW, RUNNING, STOPPED }

    private final KademliaConfig config;
    private final PeerRecord self;
    private final byte[] selfId;
    private final RequestsDispatcher dispatcher;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final NodeStateStore store;
    private final Rpc.Counters counters = new Rpc.Counters();
    private final Rpc rpc;
    private final int maxReplyBody;
    private final int[] paddedBodyBytes;

    private final Object lock = new Object();
    private final RoutingTable table;
    private final ValueStore values;
    private final PeerLists peerLists;
    private final Map<PeerId, byte[]> published = new LinkedHashMap<>();
    // Ids of senders being pinged before they may enter the table: at most maxPendingAdmissions.
    private final java.util.Set<PeerId> pendingAdmissions = new java.util.HashSet<>();
    private final long[] lastBucketLookup = new long[Distance.BITS];
    private long lastRepublish;
    private long lastListAdd = Long.MIN_VALUE;
    private long lastSnapshot;
    private Cancellable tick = () -> { };
    private Lifecycle lifecycle = Lifecycle.NEW;

    Node(KademliaConfig config, PeerRecord self, RequestsDispatcher dispatcher, Scheduler scheduler,
         RandomGenerator random, NodeStateStore store) {
        this.config = config;
        this.self = self;
        this.selfId = self.contact().id().toBytes();
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.random = random;
        this.store = store;
        this.rpc = new Rpc(dispatcher, config, counters);
        this.maxReplyBody = dispatcher.codec().maxBodyBytes();
        this.paddedBodyBytes = paddedBodyBytes(config, dispatcher.codec().maxDatagramBytes());
        this.table = new RoutingTable(selfId, config.k(), config.replacementCacheSize(),
                AddressLimits.of(config.quotas()));
        this.values = new ValueStore(config.maxStoredValues(), config.quotas().maxValuesPerSource());
        this.peerLists = new PeerLists(config.maxPeerListEntries(), config.quotas().maxListEntriesPerSource());
        if (!dispatcher.localId().equals(self.contact().id())) {
            throw new IllegalArgumentException("the dispatcher writes id " + dispatcher.localId()
                    + " but the node is " + self.contact().id());
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public PeerRecord self() {
        return self;
    }

    @Override
    public CompletableFuture<Boolean> start() {
        Optional<Snapshot> saved;
        synchronized (lock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("node " + self + " was already started");
            }
            lifecycle = Lifecycle.RUNNING;
            long now = now();
            Arrays.fill(lastBucketLookup, now);
            lastRepublish = now;
            lastSnapshot = now;
        }
        saved = loadState();
        // The handler takes the node's lock briefly and sends without waiting: it never blocks.
        dispatcher.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(this::handle));
        synchronized (lock) {
            scheduleTick();
        }
        if (saved.isEmpty() || saved.get().contacts().isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        // Saved contacts enter the table only once they answer a ping: the file may be old.
        List<CompletableFuture<Boolean>> pings = new ArrayList<>();
        for (PeerContact c : saved.get().contacts()) {
            pings.add(ping(c).handle((ok, failure) -> failure == null));
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).thenApply(x -> {
            boolean joined = isBootstrapped();
            LOG.info("node={} rejoined from saved state: {} of {} contacts answered", self.contact(),
                    pings.stream().filter(f -> f.join()).count(), pings.size());
            if (joined) {
                lookupSelfAndRefresh();
            }
            return joined;
        });
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (lifecycle != Lifecycle.RUNNING) {
                lifecycle = Lifecycle.STOPPED;
                return;
            }
            lifecycle = Lifecycle.STOPPED;
            tick.cancel();
        }
        dispatcher.unregister(RootCode.KADEMLIA);
        saveState();
    }

    /** Stops without saving or telling anyone, as a crash or a pulled cable would (simulated churn). */
    void crash() {
        synchronized (lock) {
            lifecycle = Lifecycle.STOPPED;
            tick.cancel();
        }
        dispatcher.unregister(RootCode.KADEMLIA);
    }

    @Override
    public void saveState() {
        byte[] bytes;
        synchronized (lock) {
            bytes = snapshotLocked().encode();
            lastSnapshot = now();
        }
        try {
            store.write(STATE_NAME, bytes);
            LOG.debug("node={} saved state, {} bytes", self.contact(), bytes.length);
        } catch (RuntimeException e) {
            LOG.warn("node={} could not save its state: {}", self.contact(), e.getMessage());
        }
    }

    private Optional<Snapshot> loadState() {
        Optional<byte[]> bytes;
        try {
            bytes = store.read(STATE_NAME);
        } catch (RuntimeException e) {
            LOG.warn("node={} could not read its saved state ({}); starting empty", self.contact(), e.getMessage());
            return Optional.empty();
        }
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Snapshot s;
        try {
            s = Snapshot.decode(bytes.get(), config.maxValueBytes());
            if (!s.self().equals(self.contact().id())) {
                throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "state of node " + s.self().shortHex());
            }
        } catch (MalformedBodyException e) {
            // Whatever the structural fault, it is a state file that cannot be used.
            counters.reject(RejectReason.CORRUPT_STATE);
            String where;
            try {
                where = store.setAside(STATE_NAME).orElse("(gone)");
            } catch (RuntimeException moveFailed) {
                where = "(could not be moved: " + moveFailed.getMessage() + ")";
            }
            LOG.warn("node={} saved state is unusable ({}); set aside as {}, starting empty", self.contact(),
                    e.getMessage(), where);
            return Optional.empty();
        }
        synchronized (lock) {
            long now = now();
            for (Snapshot.StoredValue v : s.values()) {
                if (v.expiresAtMillis() > now) {
                    values.putOwn(v.key(), v.value(), v.expiresAtMillis(), now);
                }
            }
            for (Snapshot.PublishedValue v : s.published()) {
                published.put(v.key(), v.value());
            }
        }
        LOG.debug("node={} loaded state: {} contacts to ping, {} values, {} published", self.contact(),
                s.contacts().size(), s.values().size(), s.published().size());
        return Optional.of(s);
    }

    private Snapshot snapshotLocked() {
        long now = now();
        List<Snapshot.StoredValue> stored = new ArrayList<>();
        for (Map.Entry<PeerId, ValueStore.Stored> e : values.entries(now)) {
            stored.add(new Snapshot.StoredValue(e.getKey(), e.getValue().expiresAtMillis(), e.getValue().value()));
        }
        List<Snapshot.PublishedValue> pub = new ArrayList<>();
        published.forEach((k, v) -> pub.add(new Snapshot.PublishedValue(k, v)));
        List<PeerContact> contacts = table.contacts();
        if (contacts.size() > 0xffff) {
            contacts = contacts.subList(0, 0xffff);
        }
        return new Snapshot(self.contact().id(), contacts, stored, pub);
    }

    private void scheduleTick() {
        if (lifecycle == Lifecycle.RUNNING) {
            tick = scheduler.schedule(config.maintenanceInterval(), this::maintain);
        }
    }

    /** The housekeeping tick: expiry, bucket refresh, republish, peer-list registration, saving. */
    private void maintain() {
        boolean save;
        boolean addToList;
        List<Map.Entry<PeerId, byte[]>> republish = List.of();
        synchronized (lock) {
            if (lifecycle != Lifecycle.RUNNING) {
                return;
            }
            long now = now();
            values.purgeExpired(now);
            peerLists.purgeExpired(now);
            int closest = table.closestNonEmptyBucket();
            long refreshMillis = config.refreshInterval().toMillis();
            for (int i = 0; i <= closest; i++) {
                if (now - lastBucketLookup[i] >= refreshMillis) {
                    refreshBucketLocked(i);
                }
            }
            if (now - lastRepublish >= config.republishInterval().toMillis()) {
                lastRepublish = now;
                republish = new ArrayList<>(published.entrySet());
            }
            addToList = !table.isEmpty() && (lastListAdd == Long.MIN_VALUE
                    || now - lastListAdd >= config.peerListInterval().toMillis());
            save = now - lastSnapshot >= config.snapshotInterval().toMillis();
            scheduleTick();
        }
        for (Map.Entry<PeerId, byte[]> e : republish) {
            storeAtClosest(e.getKey(), e.getValue());
        }
        if (addToList) {
            addThisPeerToLists();
        }
        if (save) {
            saveState();
        }
    }

    // ---------------------------------------------------------------- inbound

    /** Handles one Kademlia request; never throws on bad input (it is counted and dropped unanswered). */
    void handle(RequestEvent event) {
        Message m = event.message();
        Wire.Request request;
        try {
            request = Wire.decodeRequest(m.header(), m.body(), config.maxValueBytes());
        } catch (MalformedBodyException e) {
            counters.reject(e.reason());
            LOG.debug("rejected Kademlia request from={} id={} reason={}: {}", event.from(), m.sender().shortHex(),
                    e.reason(), e.getMessage());
            if (e.reason() == RejectReason.VALUE_TOO_LARGE && m.header() == SubHeader.STORE.request()) {
                // The requester learns why instead of timing out; one status byte amplifies nothing.
                event.reply(SubHeader.STORE.reply(), Wire.status(Wire.StoreStatus.REFUSED_TOO_LARGE));
            }
            return;
        }
        PeerContact sender = new PeerContact(m.sender(), event.from());
        // An unverified source gets at most 3x its request back (docs/PROTOCOL.md, "Amplification"):
        // fewer contacts or records, or contacts instead of a value that does not fit.
        int budget = Math.min(maxReplyBody, event.replyBudget().bodyBytes());
        byte[] reply;
        synchronized (lock) {
            if (lifecycle != Lifecycle.RUNNING) {
                return;
            }
            requestFromLocked(sender);
            reply = switch (request) {
                case Wire.Ping p -> new byte[0];
                case Wire.Store s -> handleStore(s, event.from());
                case Wire.FindNode f -> handleFindNode(f, budget);
                case Wire.FindValue f -> handleFindValue(f, budget);
                case Wire.StorePeerInList s -> handleStorePeerInList(s, event.from());
                case Wire.FindPeerList f -> handleFindPeerList(f, budget);
                case Wire.SearchPeers s -> handleSearchPeers(s, budget);
            };
        }
        counters.requestsHandled.increment();
        event.reply(request.subHeader().reply(), reply);
    }

    private byte[] handleStore(Wire.Store s, NodeAddress from) {
        long now = now();
        long ttlMillis = Math.min(s.ttlSeconds() * 1000, config.valueTtl().toMillis());
        return switch (values.putFrom(from.ip(), s.key(), s.value(), now + ttlMillis, now)) {
            case STORED -> Wire.status(Wire.StoreStatus.STORED);
            case REFUSED_FULL -> {
                counters.reject(RejectReason.STORE_FULL);
                LOG.debug("node={} refused STORE from={} key={}: store full", self.contact().id().shortHex(), from,
                        s.key().shortHex());
                yield Wire.status(Wire.StoreStatus.REFUSED_FULL);
            }
            case REFUSED_SOURCE_QUOTA -> {
                counters.reject(RejectReason.SOURCE_QUOTA);
                LOG.debug("node={} refused STORE from={} key={}: source holds its quota of {} values",
                        self.contact().id().shortHex(), from, s.key().shortHex(), config.quotas().maxValuesPerSource());
                yield Wire.status(Wire.StoreStatus.REFUSED_SOURCE_QUOTA);
            }
        };
    }

    private byte[] handleFindNode(Wire.FindNode f, int budget) {
        return Wire.contacts(closestContactsLocked(f.target().toBytes()), budget);
    }

    private byte[] handleFindValue(Wire.FindValue f, int budget) {
        Optional<byte[]> v = values.get(f.key(), now());
        // A value too large for the budget is not cut: the requester gets contacts as if we lacked it.
        return v.isPresent() && Wire.FOUND_VALUE_OVERHEAD + v.get().length <= budget ? Wire.foundValue(v.get())
                : Wire.closer(closestContactsLocked(f.key().toBytes()), budget);
    }

    private byte[] handleStorePeerInList(Wire.StorePeerInList s, NodeAddress from) {
        if (!PeerLists.isListKey(s.listKey())) {
            counters.reject(RejectReason.NOT_A_LIST_KEY);
            return Wire.status(Wire.StoreStatus.REFUSED_NOT_A_LIST_KEY);
        }
        if (!peerLists.putFrom(from.ip(), s.listKey(), s.record(), now() + 3 * config.peerListInterval().toMillis())) {
            counters.reject(RejectReason.SOURCE_QUOTA);
            LOG.debug("node={} refused STORE_PEERS_IN_LIST from={} list={}: source holds its share of the list",
                    self.contact().id().shortHex(), from, s.listKey().shortHex());
            return Wire.status(Wire.StoreStatus.REFUSED_SOURCE_QUOTA);
        }
        return Wire.status(Wire.StoreStatus.STORED);
    }

    private byte[] handleFindPeerList(Wire.FindPeerList f, int budget) {
        return peerLists.holds(f.listKey())
                ? Wire.foundRecords(peerLists.list(f.listKey(), now()), budget)
                : Wire.closer(closestContactsLocked(f.listKey().toBytes()), budget);
    }

    private byte[] handleSearchPeers(Wire.SearchPeers s, int budget) {
        return peerLists.holds(s.listKey())
                ? Wire.foundRecords(peerLists.search(s.listKey(), s.query(), now()), budget)
                : Wire.closer(closestContactsLocked(s.listKey().toBytes()), budget);
    }

    private List<PeerContact> closestContactsLocked(byte[] target) {
        List<KBucket.Entry> entries = table.closest(target, config.k());
        List<PeerContact> out = new ArrayList<>(entries.size());
        for (KBucket.Entry e : entries) {
            out.add(e.contact);
        }
        return out;
    }

    // ---------------------------------------------------------------- routing table upkeep

    /**
     * A request came from {@code sender}. Its source address is not proven (a datagram's source can
     * be forged), so it refreshes a contact only if that contact is known at exactly that address;
     * otherwise the sender is pinged at that address first ({@link #admitLocked}) and enters the table
     * only when it answers. A spoofer can thus neither add addresses it does not own nor move or
     * evict a known contact by sending with its id.
     */
    private void requestFromLocked(PeerContact sender) {
        byte[] id = sender.id().toBytes();
        KBucket.Entry known = table.entry(id);
        if (known != null && known.contact.address().equals(sender.address())) {
            heardLocked(sender);
        } else if (!Arrays.equals(id, selfId)) {
            admitLocked(sender, known);
        }
    }

    /**
     * Pings an unverified sender, at most {@link KademliaQuotas#maxPendingAdmissions()} at once and
     * one per id. Skipped when it could not get in: its address or subnet already has its share of
     * the bucket. Into a full bucket, its least recently seen contact is pinged first (unless heard
     * from recently or already being pinged) and the sender only if that one is gone. For a known id at
     * another address, the known address is asked first: a live contact keeps its place (the Kademlia
     * paper prefers old contacts), and only if it is silent does the new address take over.
     */
    private void admitLocked(PeerContact sender, KBucket.Entry known) {
        if (pendingAdmissions.contains(sender.id())) {
            return;
        }
        if (pendingAdmissions.size() >= config.quotas().maxPendingAdmissions()) {
            counters.admissionsSkipped.increment();
            return;
        }
        byte[] id = sender.id().toBytes();
        long now = now();
        long fresh = config.contactFreshness().toMillis();
        if (known != null) {
            if (now - known.lastSeen <= fresh) {
                return; // heard from at its known address moments ago: the other address is a spoof or stale
            }
            PeerContact current = known.contact;
            pendingAdmissions.add(sender.id());
            ping(current).whenComplete((ok, failure) -> {
                // A silent known address was evicted by the failed call; then the new one is tried.
                synchronized (lock) {
                    pendingAdmissions.remove(sender.id());
                    if (failure != null && lifecycle == Lifecycle.RUNNING && table.entry(id) == null) {
                        admitLocked(sender, null);
                    }
                }
            });
            return;
        }
        KBucket bucket = table.bucketFor(id);
        if (bucket != null) {
            if (!bucket.admits(sender.address().ip())) {
                counters.reject(RejectReason.CONTACT_QUOTA);
                return;
            }
            if (bucket.size() >= config.k()) {
                // No room: verifying the sender now would cost a ping for a place it may never get.
                // Check the least recently seen instead, as the paper does; only if it is gone is the
                // sender pinged to take its place.
                CompletableFuture<Boolean> check = pingLeastRecentlySeenLocked(bucket, bucket.entries().get(0), now);
                if (check != null) {
                    pendingAdmissions.add(sender.id());
                    check.whenComplete((ok, failure) -> {
                        synchronized (lock) {
                            pendingAdmissions.remove(sender.id());
                            if (failure != null && lifecycle == Lifecycle.RUNNING && table.entry(id) == null) {
                                admitLocked(sender, null);
                            }
                        }
                    });
                }
                return;
            }
        }
        pendingAdmissions.add(sender.id());
        // On an answer, call() offers the contact to the table; on silence, nothing of it was stored.
        ping(sender).whenComplete((ok, failure) -> {
            synchronized (lock) {
                pendingAdmissions.remove(sender.id());
            }
        });
    }

    /**
     * {@code contact} answered a request of ours at its address: it enters or refreshes its bucket,
     * or waits in the replacement cache of a full one.
     */
    private void heardLocked(PeerContact contact) {
        byte[] id = contact.id().toBytes();
        KBucket.Entry known = table.entry(id);
        if (known != null && !known.contact.address().equals(contact.address())) {
            // Anyone can answer with any id: a known contact moves only if its known address is silent.
            admitLocked(contact, known);
            return;
        }
        long now = now();
        Offer offer = table.offer(contact, id, now);
        if (offer instanceof Offer.OverQuota) {
            counters.reject(RejectReason.CONTACT_QUOTA);
            LOG.debug("node={} did not add {}: its address or subnet has its share of the bucket",
                    self.contact().id().shortHex(), contact);
        } else if (offer instanceof Offer.BucketFull full) {
            pingLeastRecentlySeenLocked(table.bucketFor(id), full.leastRecentlySeen(), now);
        }
    }

    /**
     * A full bucket pings its least recently seen contact, unless that one was heard from within
     * {@link KademliaConfig#contactFreshness()}; one such ping per bucket at a time. If it fails, the
     * contact is evicted and the newest replacement takes its place.
     *
     * @return the ping, or null if none was sent
     */
    private CompletableFuture<Boolean> pingLeastRecentlySeenLocked(KBucket bucket, KBucket.Entry lrs, long now) {
        if (bucket.evictionPingPending || now - lrs.lastSeen <= config.contactFreshness().toMillis()) {
            return null;
        }
        bucket.evictionPingPending = true;
        return ping(lrs.contact).whenComplete((ok, failure) -> {
            synchronized (lock) {
                bucket.evictionPingPending = false;
            }
        });
    }

    /**
     * A call to {@code contact} failed. The contact is dropped only if the table knows its id at that
     * very address: a failure at another address (a stale one, or one a liar handed us in a reply)
     * says nothing about the contact we hold.
     */
    private void failedLocked(PeerContact contact) {
        byte[] id = contact.id().toBytes();
        KBucket.Entry known = table.entry(id);
        if (known != null && known.contact.address().equals(contact.address())) {
            table.remove(id);
            counters.evictions.increment();
            LOG.debug("node={} dropped unresponsive contact {}", self.contact().id().shortHex(), contact);
        }
    }

    // ---------------------------------------------------------------- outbound RPCs

    /** Sends one RPC to a known peer; its answer refreshes the peer, its silence evicts it. */
    private <T> CompletableFuture<T> call(PeerContact peer, Wire.Request request, Function<byte[], T> parse) {
        return rpc.call(peer.address(), peer.id(), request.subHeader(), paddedFor(peer.address(), request), parse)
                .handle((reply, failure) -> {
                    synchronized (lock) {
                        if (lifecycle == Lifecycle.RUNNING) {
                            if (failure == null) {
                                heardLocked(peer);
                            } else if (peerAtFault(failure)) {
                                failedLocked(peer);
                            }
                        }
                    }
                    if (failure != null) {
                        throw failure instanceof RuntimeException re ? re : new Rpc.BadReplyException(failure.toString());
                    }
                    return reply.value();
                });
    }

    /**
     * The request's body, padded with zeros when {@code peer} has most likely not verified this node
     * (we have not answered a request of its recently): its answer to an unverified source is held to
     * 3x the request, so an unpadded 54-byte FIND_NODE would earn ~4 contacts instead of k
     * (docs/PROTOCOL.md, "Amplification").
     */
    private byte[] paddedFor(NodeAddress peer, Wire.Request request) {
        byte[] body = Wire.encode(request);
        int target = paddedBodyBytes[request.subHeader().ordinal()];
        return target > body.length && !dispatcher.hasAnswered(peer) ? Wire.padded(body, target) : body;
    }

    /**
     * Per sub-header, the request body size whose budget at an unverified peer fits the largest
     * answer: a third of that answer's datagram, less the request's header; 0 where answers are small.
     */
    private static int[] paddedBodyBytes(KademliaConfig config, int maxDatagram) {
        int header = EnvelopeCodec.HEADER_BYTES;
        int contacts = Math.min(config.k(), Wire.MAX_CONTACTS) * BodyWriter.MAX_CONTACT_BYTES;
        int[] out = new int[SubHeader.values().length];
        for (SubHeader h : SubHeader.values()) {
            int largestAnswer = switch (h) {
                case FIND_NODE -> header + 1 + contacts;
                case FIND_VALUE -> header + Math.max(2 + contacts, Wire.FOUND_VALUE_OVERHEAD + config.maxValueBytes());
                case FIND_PEER_LIST, SEARCH_PEERS -> maxDatagram;
                default -> 0;
            };
            largestAnswer = Math.min(largestAnswer, maxDatagram);
            int factor = ReplyBudget.AMPLIFICATION_FACTOR;
            out[h.ordinal()] = Wire.isPaddable(h) ? Math.max(0, (largestAnswer + factor - 1) / factor - header) : 0;
        }
        return out;
    }

    /**
     * Whether a failed call says something about the peer (silence or a bad answer), rather than
     * about this node (its pending-reply registry full, its dispatcher closed, its socket failing):
     * only the former may evict a contact.
     */
    private static boolean peerAtFault(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof java.util.concurrent.TimeoutException || cause instanceof Rpc.BadReplyException;
    }

    CompletableFuture<Boolean> ping(PeerContact peer) {
        return call(peer, new Wire.Ping(), body -> {
            new BodyReader(body).end();
            return true;
        });
    }

    /** Pings an address whose id is unknown (bootstrap); the reply's sender id names the contact. */
    CompletableFuture<Optional<PeerContact>> pingAddress(NodeAddress address) {
        return rpc.call(address, null, SubHeader.PING, new byte[0], body -> {
            new BodyReader(body).end();
            return true;
        }).handle((reply, failure) -> {
            if (failure != null || reply.sender().equals(self.contact().id())) {
                return Optional.empty();
            }
            PeerContact contact = new PeerContact(reply.sender(), address);
            synchronized (lock) {
                heardLocked(contact);
            }
            return Optional.of(contact);
        });
    }

    CompletableFuture<Wire.LookupReply> findNode(PeerContact peer, byte[] target) {
        return call(peer, new Wire.FindNode(PeerId.of(target)), body -> new Wire.Contacts(Wire.decodeContacts(body)));
    }

    CompletableFuture<Wire.LookupReply> findValue(PeerContact peer, PeerId key) {
        return call(peer, new Wire.FindValue(key), body -> Wire.decodeValueReply(body, config.maxValueBytes()));
    }

    CompletableFuture<Wire.LookupReply> findPeerList(PeerContact peer, PeerId listKey) {
        return call(peer, new Wire.FindPeerList(listKey), Wire::decodeRecordsReply);
    }

    CompletableFuture<Wire.LookupReply> searchPeers(PeerContact peer, PeerId listKey, String query) {
        return call(peer, new Wire.SearchPeers(listKey, query), Wire::decodeRecordsReply);
    }

    CompletableFuture<Wire.StoreStatus> store(PeerContact peer, PeerId key, byte[] value) {
        long ttlSeconds = config.valueTtl().toSeconds();
        return call(peer, new Wire.Store(key, ttlSeconds, value), Wire::decodeStatus);
    }

    CompletableFuture<Wire.StoreStatus> storePeerInList(PeerContact peer, PeerId listKey, PeerRecord record) {
        return call(peer, new Wire.StorePeerInList(listKey, record), Wire::decodeStatus);
    }

    // ---------------------------------------------------------------- lookups

    /** Starts an iterative lookup towards {@code target}, asking each peer with {@code query}. */
    CompletableFuture<LookupResult> iterate(byte[] target,
                                            Function<PeerContact, CompletableFuture<Wire.LookupReply>> query) {
        synchronized (lock) {
            counters.lookups.increment();
            int prefix = Distance.commonPrefix(selfId, target);
            if (prefix < Distance.BITS) {
                lastBucketLookup[prefix] = now();
            }
            Lookup lookup = new Lookup(target, selfId, config.k(), config.alpha(), table.closest(target, config.k()),
                    query, lock);
            lookup.advance();
            return lookup.result();
        }
    }

    /** A FIND_NODE lookup with its figures (hops, RPCs), as the simulation measures them. */
    CompletableFuture<LookupResult> findNodeLookup(PeerId target) {
        byte[] t = target.toBytes();
        return iterate(t, peer -> findNode(peer, t));
    }

    private void refreshBucketLocked(int index) {
        byte[] target = Distance.randomIdInBucket(selfId, index, random);
        iterate(target, peer -> findNode(peer, target));
    }

    /** Looks up our own id, then refreshes every bucket further away than the closest neighbour. */
    private CompletableFuture<Boolean> lookupSelfAndRefresh() {
        return findNodeLookup(self.contact().id()).thenCompose(own -> {
            List<CompletableFuture<LookupResult>> refreshes = new ArrayList<>();
            synchronized (lock) {
                int closest = table.closestNonEmptyBucket();
                for (int i = 0; i < closest; i++) {
                    byte[] target = Distance.randomIdInBucket(selfId, i, random);
                    refreshes.add(iterate(target, peer -> findNode(peer, target)));
                }
            }
            return CompletableFuture.allOf(refreshes.toArray(CompletableFuture[]::new));
        }).thenApply(x -> isBootstrapped());
    }

    // ---------------------------------------------------------------- façade

    @Override
    public CompletableFuture<Boolean> bootstrap(Collection<NodeAddress> addresses) {
        List<CompletableFuture<Optional<PeerContact>>> pings = new ArrayList<>();
        for (NodeAddress a : addresses) {
            pings.add(pingAddress(a));
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).thenCompose(x -> {
            if (!isBootstrapped()) {
                LOG.info("node={} could not bootstrap: none of {} addresses answered", self.contact(), addresses.size());
                return CompletableFuture.completedFuture(false);
            }
            return lookupSelfAndRefresh().thenApply(joined -> {
                LOG.debug("node={} bootstrapped, {} contacts", self.contact(), knownPeerCount());
                if (joined) {
                    addThisPeerToLists();
                }
                return joined;
            });
        });
    }

    @Override
    public boolean isBootstrapped() {
        synchronized (lock) {
            return !table.isEmpty();
        }
    }

    @Override
    public List<PeerContact> knownPeers() {
        synchronized (lock) {
            return table.contacts();
        }
    }

    private int knownPeerCount() {
        synchronized (lock) {
            return table.size();
        }
    }

    @Override
    public CompletableFuture<Optional<PeerContact>> lookup(PeerId id) {
        return findNodeLookup(id).thenApply(r -> r.closest().stream().filter(c -> c.id().equals(id)).findFirst());
    }

    @Override
    public CompletableFuture<List<PeerContact>> closestPeers(PeerId id, int n) {
        return findNodeLookup(id).thenApply(r -> List.copyOf(r.closest().subList(0, Math.min(n, r.closest().size()))));
    }

    @Override
    public List<PeerContact> closestKnownPeers(PeerId id, int n) {
        synchronized (lock) {
            List<PeerContact> out = new ArrayList<>();
            for (KBucket.Entry e : table.closestSorted(id.toBytes(), n)) {
                out.add(e.contact);
            }
            return out;
        }
    }

    @Override
    public CompletableFuture<Integer> put(PeerId key, byte[] value) {
        if (value.length > config.maxValueBytes()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a value is at most "
                    + config.maxValueBytes() + " bytes, got " + value.length));
        }
        byte[] copy = value.clone();
        synchronized (lock) {
            if (!published.containsKey(key) && published.size() >= config.maxStoredValues()) {
                return CompletableFuture.failedFuture(new IllegalStateException("this node already publishes "
                        + published.size() + " values, its limit"));
            }
            published.put(key, copy);
        }
        return storeAtClosest(key, copy);
    }

    /** Stores at the k closest peers found by lookup (and here, if this node is among them). */
    private CompletableFuture<Integer> storeAtClosest(PeerId key, byte[] value) {
        byte[] k = key.toBytes();
        return findNodeLookup(key).thenCompose(result -> {
            List<CompletableFuture<Integer>> acks = new ArrayList<>();
            for (PeerContact peer : result.closest()) {
                acks.add(store(peer, key, value).handle((s, f) -> {
                    if (f == null && s != Wire.StoreStatus.STORED) {
                        counters.storesRefused.increment();
                        LOG.debug("node={} STORE of key={} refused by {}: {}", self.contact().id().shortHex(),
                                key.shortHex(), peer, s);
                    }
                    return f == null && s == Wire.StoreStatus.STORED ? 1 : 0;
                }));
            }
            synchronized (lock) {
                if (selfAmongClosest(k, result.closest())) {
                    long now = now();
                    values.putOwn(key, value, now + config.valueTtl().toMillis(), now);
                }
            }
            return sum(acks);
        });
    }

    private boolean selfAmongClosest(byte[] target, List<PeerContact> closest) {
        if (closest.size() < config.k()) {
            return true;
        }
        byte[] farthest = closest.get(closest.size() - 1).id().toBytes();
        return Distance.compare(selfId, farthest, target) < 0;
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(PeerId key) {
        synchronized (lock) {
            Optional<byte[]> local = values.get(key, now());
            if (local.isPresent()) {
                return CompletableFuture.completedFuture(local);
            }
        }
        return iterate(key.toBytes(), peer -> findValue(peer, key)).thenApply(r -> r.found()
                .filter(Wire.Value.class::isInstance).map(v -> ((Wire.Value) v).value()));
    }

    @Override
    public CompletableFuture<List<PeerRecord>> searchPeers(String query) {
        String q = query == null ? "" : query;
        Map<PeerId, PeerRecord> found = new LinkedHashMap<>();
        synchronized (lock) {
            if (PeerLists.matches(self.name(), q)) {
                found.put(self.contact().id(), self);
            }
            for (PeerRecord r : peerLists.search(q, now())) {
                found.putIfAbsent(r.contact().id(), r);
            }
        }
        List<CompletableFuture<LookupResult>> searches = new ArrayList<>();
        for (PeerId listKey : PeerLists.keys()) {
            searches.add(iterate(listKey.toBytes(), peer -> searchPeers(peer, listKey, q)));
        }
        return CompletableFuture.allOf(searches.toArray(CompletableFuture[]::new)).thenApply(x -> {
            for (CompletableFuture<LookupResult> s : searches) {
                s.join().found().filter(Wire.Records.class::isInstance).ifPresent(r -> {
                    for (PeerRecord rec : ((Wire.Records) r).records()) {
                        if (PeerLists.matches(rec.name(), q)) {
                            found.putIfAbsent(rec.contact().id(), rec);
                        }
                    }
                });
            }
            return List.copyOf(found.values());
        });
    }

    @Override
    public CompletableFuture<List<PeerRecord>> findPeerList(PeerId listKey) {
        if (!PeerLists.isListKey(listKey)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(listKey + " is not a peer-list key"));
        }
        synchronized (lock) {
            if (peerLists.holds(listKey)) {
                return CompletableFuture.completedFuture(peerLists.list(listKey, now()));
            }
        }
        return iterate(listKey.toBytes(), peer -> findPeerList(peer, listKey)).thenApply(r -> r.found()
                .filter(Wire.Records.class::isInstance).map(v -> ((Wire.Records) v).records()).orElse(List.of()));
    }

    @Override
    public CompletableFuture<Integer> addThisPeerToLists() {
        PeerId listKey = PeerLists.listKeyFor(self.contact().id());
        synchronized (lock) {
            lastListAdd = now();
        }
        return findNodeLookup(listKey).thenCompose(result -> {
            List<CompletableFuture<Integer>> acks = new ArrayList<>();
            for (PeerContact peer : result.closest()) {
                acks.add(storePeerInList(peer, listKey, self).handle((s, f) -> {
                    if (f == null && s != Wire.StoreStatus.STORED) {
                        counters.storesRefused.increment();
                        LOG.debug("node={} STORE_PEERS_IN_LIST refused by {}: {}", self.contact().id().shortHex(),
                                peer, s);
                    }
                    return f == null && s == Wire.StoreStatus.STORED ? 1 : 0;
                }));
            }
            synchronized (lock) {
                if (selfAmongClosest(listKey.toBytes(), result.closest())) {
                    peerLists.put(listKey, self, now() + 3 * config.peerListInterval().toMillis());
                }
            }
            return sum(acks);
        });
    }

    @Override
    public KademliaStats stats() {
        synchronized (lock) {
            return new KademliaStats(table.size(), values.size(), peerLists.size(), counters.requestsHandled.sum(),
                    counters.rpcAttempts.sum(), counters.rpcFailures.sum(), counters.lookups.sum(),
                    counters.evictions.sum(), counters.rejected(), counters.storesRefused.sum(),
                    counters.admissionsSkipped.sum());
        }
    }

    private long now() {
        return scheduler.clock().millis();
    }

    private static CompletableFuture<Integer> sum(List<CompletableFuture<Integer>> parts) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(x -> parts.stream().mapToInt(CompletableFuture::join).sum());
    }

    @Override
    public String toString() {
        return "KademliaNode[" + self + "]";
    }
}
