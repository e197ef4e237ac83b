package peerconnect.adapter.kademlia;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.Scheduler;

/**
 * The Kademlia RPCs of one node (paper, section 2.3), as bmuller/kademlia's {@code KademliaProtocol}:
 * the inbound handlers ({@link #handle} and its {@code handle*} methods) that answer peers, and the
 * outbound calls ({@link #findNode}, {@link #store}, …) that ask them, which {@link RpcCaller} sends,
 * retries and checks. Whatever a peer says or fails to say is reported to the {@link ContactKeeper}: a
 * request offers its unproven sender, an answer refreshes the peer, silence or a bad answer may evict it.
 *
 * <p><b>Threads.</b> Dispatcher workers call {@link #handle}; reply futures complete on workers or the
 * timer. Node state is touched only under the node's lock; sends never wait.
 */
final class KademliaProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(KademliaProtocol.class);

    private final NodeState state;
    private final KademliaConfig config;
    private final ContactKeeper contacts;
    private final RpcCaller caller;
    private final int maxReplyBody;

    KademliaProtocol(NodeState state, RequestsDispatcher dispatcher, Scheduler scheduler) {
        this.state = state;
        this.config = state.config;
        this.contacts = new ContactKeeper(state, this::ping, this::recheck, scheduler);
        this.caller = new RpcCaller(state, dispatcher, contacts);
        this.maxReplyBody = dispatcher.codec().maxBodyBytes();
    }

    // ---------------------------------------------------------------- inbound

    /** Handles one Kademlia request; never throws on bad input (it is counted and dropped unanswered). */
    void handle(RequestEvent event) {
        Message m = event.message();
        KademliaCodec.Request request;
        try {
            request = KademliaCodec.decodeRequest(m.op(), m.body(), config.maxValueBytes());
        } catch (MalformedBodyException e) {
            state.counters.reject(e.reason());
            LOG.debug("rejected Kademlia request from={} id={} reason={}: {}", event.from(), m.sender().shortHex(),
                    e.reason(), e.getMessage());
            if (e.reason() == RejectReason.VALUE_TOO_LARGE && m.op() == KademliaOp.STORE.request()) {
                // The requester learns why instead of timing out; one status byte amplifies nothing.
                event.reply(KademliaOp.STORE.reply(), ReplyCodec.status(KademliaCodec.StoreStatus.REFUSED_TOO_LARGE));
            }
            return;
        }
        PeerContact sender = new PeerContact(m.sender(), event.from());
        // The dispatcher's budget holds an unverified source to 3x its request (docs/PROTOCOL.md,
        // "Amplification"); the handlers meet it with fewer contacts or records, or with contacts
        // instead of a value that does not fit.
        int budget = Math.min(maxReplyBody, event.replyBudget().bodyBytes());
        byte[] reply;
        synchronized (state.lock) {
            if (!state.running()) {
                return;
            }
            contacts.requestFrom(sender);
            reply = switch (request) {
                case KademliaCodec.Ping p -> ReplyCodec.pong(ownIf(p), budget);
                case KademliaCodec.Store s -> handleStore(s, event.from());
                case KademliaCodec.FindNode f -> handleFindNode(f, budget);
                case KademliaCodec.FindValue f -> handleFindValue(f, budget);
                case KademliaCodec.StorePeerInList s -> handleStorePeerInList(s, event.from());
                case KademliaCodec.FindPeerList f -> handleFindPeerList(f, budget);
                case KademliaCodec.SearchPeers s -> handleSearchPeers(s, budget);
                case KademliaCodec.Refresh r -> handleRefresh(r, event.from());
            };
        }
        state.counters.requestsHandled.increment();
        event.reply(request.op().reply(), reply);
    }

    private byte[] handleStore(KademliaCodec.Store s, NodeAddress from) {
        long now = state.now();
        long ttlMillis = Math.min(s.ttlSeconds() * 1000, config.valueTtl().toMillis());
        long expires = now + ttlMillis;
        // Journaled before the answer: a peer told STORED may count on it across a kill.
        return switch (state.values.putFrom(from.ip(), s.key(), s.value(), expires, now)) {
            case STORED -> {
                state.journal.append(new ValueLog.Held(s.key(), expires, Optional.of(from.ip()), s.value()));
                yield ReplyCodec.status(KademliaCodec.StoreStatus.STORED);
            }
            case DELETED -> {
                state.journal.append(new ValueLog.Dropped(s.key()));
                yield ReplyCodec.status(KademliaCodec.StoreStatus.STORED);
            }
            case REFUSED_FULL -> {
                state.counters.reject(RejectReason.STORE_FULL);
                LOG.debug("node={} refused STORE from={} key={}: store full", state.selfId.shortHex(), from,
                        s.key().shortHex());
                yield ReplyCodec.status(KademliaCodec.StoreStatus.REFUSED_FULL);
            }
            case REFUSED_SOURCE_QUOTA -> {
                state.counters.reject(RejectReason.SOURCE_QUOTA);
                LOG.debug("node={} refused STORE from={} key={}: source holds its share of {} values",
                        state.selfId.shortHex(), from, s.key().shortHex(), state.values.shareOf(from.ip()));
                yield ReplyCodec.status(KademliaCodec.StoreStatus.REFUSED_SOURCE_QUOTA);
            }
            case REFUSED_NOT_SOURCE -> {
                state.counters.reject(RejectReason.NOT_SOURCE);
                LOG.debug("node={} refused deletion from={} key={}: another source stored the value",
                        state.selfId.shortHex(), from, s.key().shortHex());
                yield ReplyCodec.status(KademliaCodec.StoreStatus.REFUSED_NOT_SOURCE);
            }
        };
    }

    /** Extends a value held for the sender with the same bytes; otherwise the sender follows with a STORE. */
    private byte[] handleRefresh(KademliaCodec.Refresh r, NodeAddress from) {
        long now = state.now();
        long expires = now + Math.min(r.ttlSeconds() * 1000, config.valueTtl().toMillis());
        Optional<ValueStore.Stored> held = state.values.refresh(r.key(), r.digest(), from.ip(), expires, now);
        if (held.isEmpty()) {
            return ReplyCodec.refreshStatus(KademliaCodec.RefreshStatus.NOT_HELD);
        }
        // Journaled as a STORE is, so that the longer life survives a kill.
        state.journal.append(new ValueLog.Held(r.key(), held.get().expiresAtMillis(), held.get().source(),
                held.get().value()));
        state.counters.refreshesHandled.increment();
        return ReplyCodec.refreshStatus(KademliaCodec.RefreshStatus.REFRESHED);
    }

    private byte[] handleFindNode(KademliaCodec.FindNode f, int budget) {
        return ReplyCodec.nodes(state.table.closestContacts(f.target(), config.k()), ownIf(f), budget);
    }

    /** This node's record if {@code request} asks for it (and the node has one). */
    private Optional<peerconnect.domain.NodeRecord> ownIf(KademliaCodec.Request request) {
        return request.asksRecord() ? state.records.own() : Optional.empty();
    }

    private byte[] handleFindValue(KademliaCodec.FindValue f, int budget) {
        Optional<byte[]> v = state.values.get(f.key(), state.now());
        // A value too large for the budget is not cut: the requester gets contacts as if we lacked it.
        return v.isPresent() && ReplyCodec.FOUND_VALUE_OVERHEAD + v.get().length <= budget
                ? ReplyCodec.foundValue(v.get())
                : ReplyCodec.closer(state.table.closestContacts(f.key(), config.k()), budget);
    }

    private byte[] handleStorePeerInList(KademliaCodec.StorePeerInList s, NodeAddress from) {
        if (!PeerLists.isListKey(s.listKey())) {
            state.counters.reject(RejectReason.NOT_A_LIST_KEY);
            return ReplyCodec.status(KademliaCodec.StoreStatus.REFUSED_NOT_A_LIST_KEY);
        }
        long expires = state.now() + 3 * config.peerListInterval().toMillis();
        if (!state.peerLists.hasRoomFor(from.ip(), s.listKey(), s.record().peerId())) {
            state.counters.reject(RejectReason.SOURCE_QUOTA);
            LOG.debug("node={} refused STORE_PEERS_IN_LIST from={} list={}: source holds its share of the list",
                    state.selfId.shortHex(), from, s.listKey().shortHex());
            return ReplyCodec.status(KademliaCodec.StoreStatus.REFUSED_SOURCE_QUOTA);
        }
        // The record is checked before it enters the list: at once if it is the one the book holds,
        // else on the executor (off the receiving thread), and the list takes it when it verifies. The
        // answer cannot wait for that, so STORED means "taken for checking"; a refused record is counted.
        state.records.checkThen(s.record(), from, verified -> {
            synchronized (state.lock) {
                if (!state.peerLists.putFrom(from.ip(), s.listKey(), verified, expires)) {
                    state.counters.reject(RejectReason.SOURCE_QUOTA);
                    LOG.debug("node={} refused STORE_PEERS_IN_LIST from={} list={}: source holds its share of the"
                            + " list", state.selfId.shortHex(), from, s.listKey().shortHex());
                }
            }
        });
        return ReplyCodec.status(KademliaCodec.StoreStatus.STORED);
    }

    private byte[] handleFindPeerList(KademliaCodec.FindPeerList f, int budget) {
        return state.peerLists.holds(f.listKey())
                ? ReplyCodec.foundRecords(state.peerLists.list(f.listKey(), state.now()), budget)
                : ReplyCodec.closer(state.table.closestContacts(f.listKey(), config.k()), budget);
    }

    private byte[] handleSearchPeers(KademliaCodec.SearchPeers s, int budget) {
        return state.peerLists.holds(s.listKey())
                ? ReplyCodec.foundRecords(state.peerLists.search(s.listKey(), s.query(), state.now()), budget)
                : ReplyCodec.closer(state.table.closestContacts(s.listKey(), config.k()), budget);
    }

    /** Every contact with its liveness, for the peers listing; takes the lock. */
    java.util.List<peerconnect.ports.ContactStatus> contactStatus() {
        synchronized (state.lock) {
            return contacts.status();
        }
    }

    /**
     * A contact proven outside the DHT (a verified discovery message) counts as an answer at its
     * address; with {@code knownOnly}, only if its id is in the table. The discovery signature binds
     * the id's key to that address as a node record does, so it counts as {@link ContactAdmission.Proof#PROVEN}.
     * Takes the lock.
     */
    void proven(PeerContact contact, boolean knownOnly) {
        synchronized (state.lock) {
            if (state.running() && (!knownOnly || state.table.entry(contact.id()) != null)) {
                contacts.answered(contact, -1, ContactAdmission.Proof.PROVEN);
            }
        }
    }

    // ---------------------------------------------------------------- outbound

    /** Calls of this node awaiting their answer. Under the lock. */
    int callsInFlight() {
        return contacts.callsInFlight();
    }

    CompletableFuture<Boolean> ping(PeerContact peer) {
        return caller.call(peer, new KademliaCodec.Ping(state.records.wants(peer)), KademliaProtocol::pong,
                config.rpcRetries());
    }

    /**
     * Pings a contact that missed a call, with {@link LivenessConfig#recheckRetries()} retries: its
     * purpose is to tell a lost datagram from a dead peer, so it tries harder than an ordinary call.
     */
    CompletableFuture<Boolean> recheck(PeerContact peer) {
        return caller.call(peer, new KademliaCodec.Ping(state.records.wants(peer)), KademliaProtocol::pong,
                config.liveness().recheckRetries());
    }

    /**
     * Pings an address whose id is unknown (bootstrap), asking for its record if the node requires
     * records; the reply's sender id names the contact, which is returned once admitted or refused
     * (empty if it did not answer, or its record did not prove that id at that address).
     */
    CompletableFuture<Optional<PeerContact>> pingAddress(NodeAddress address) {
        KademliaCodec.Ping ping = new KademliaCodec.Ping(state.records.requiresRecords());
        return caller.send(address, Optional.empty(), ping, KademliaProtocol::pong, config.rpcTimeout(),
                config.rpcRetries()).handle((reply, failure) -> {
                    if (failure != null || reply.sender().equals(state.selfId)) {
                        return CompletableFuture.completedFuture(Optional.<PeerContact>empty());
                    }
                    PeerContact contact = new PeerContact(reply.sender(), address);
                    return state.records.prove(contact, reply.value().record(), ping.asksRecord()).thenCompose(proof -> {
                        synchronized (state.lock) {
                            if (state.running()) {
                                contacts.answered(contact, reply.rttMillis(), proof);
                            }
                        }
                        if (proof == ContactAdmission.Proof.ADDRESS_NOT_IN_RECORD) {
                            return atRecordedAddress(contact);
                        }
                        return CompletableFuture.completedFuture(
                                proof.refusal().isPresent() ? Optional.<PeerContact>empty() : Optional.of(contact));
                    });
                }).thenCompose(f -> f);
    }

    /**
     * A bootstrap address answered with an id whose verified record names another address (a peer
     * given as {@code 127.0.0.1:4000} that signed its LAN address, or someone answering with another
     * peer's record): the id is asked where its record says it is, and taken only if it answers there.
     */
    private CompletableFuture<Optional<PeerContact>> atRecordedAddress(PeerContact answered) {
        Optional<peerconnect.domain.NodeRecord> held = state.records.held(answered.id());
        if (held.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        PeerContact recorded = new PeerContact(answered.id(), held.get().addresses().get(0));
        return ping(recorded).handle((ok, failure) -> {
            synchronized (state.lock) {
                KBucket.Entry e = state.table.entry(recorded.id());
                return failure == null && e != null && e.contact.equals(recorded) ? Optional.of(recorded)
                        : Optional.<PeerContact>empty();
            }
        });
    }

    CompletableFuture<KademliaCodec.LookupReply> findNode(PeerContact peer, PeerId target) {
        return caller.callFor(peer, new KademliaCodec.FindNode(target, state.records.wants(peer)), body -> {
            ReplyCodec.NodesReply nodes = ReplyCodec.decodeNodes(body);
            return new RpcCaller.Answer<>(new KademliaCodec.Contacts(nodes.contacts()), nodes.record());
        });
    }

    CompletableFuture<KademliaCodec.LookupReply> findValue(PeerContact peer, PeerId key) {
        return caller.call(peer, new KademliaCodec.FindValue(key),
                body -> ReplyCodec.decodeValueReply(body, config.maxValueBytes()));
    }

    CompletableFuture<KademliaCodec.LookupReply> findPeerList(PeerContact peer, PeerId listKey) {
        return caller.call(peer, new KademliaCodec.FindPeerList(listKey), ReplyCodec::decodeRecordsReply);
    }

    CompletableFuture<KademliaCodec.LookupReply> searchPeers(PeerContact peer, PeerId listKey, String query) {
        return caller.call(peer, new KademliaCodec.SearchPeers(listKey, query), ReplyCodec::decodeRecordsReply);
    }

    /** STORE of {@code value} to live {@code ttlSeconds} at {@code peer} (0: drop the key). */
    CompletableFuture<KademliaCodec.StoreStatus> store(PeerContact peer, PeerId key, byte[] value, long ttlSeconds) {
        return caller.call(peer, new KademliaCodec.Store(key, ttlSeconds, value), ReplyCodec::decodeStatus);
    }

    /** REFRESH of {@code key} at {@code peer}: whether it holds {@code digest}'s value for us and keeps it. */
    CompletableFuture<KademliaCodec.RefreshStatus> refresh(PeerContact peer, PeerId key, long ttlSeconds,
                                                           byte[] digest) {
        return caller.call(peer, new KademliaCodec.Refresh(key, ttlSeconds, digest), ReplyCodec::decodeRefreshStatus);
    }

    CompletableFuture<KademliaCodec.StoreStatus> storePeerInList(PeerContact peer, PeerId listKey,
                                                                 peerconnect.domain.NodeRecord record) {
        return caller.call(peer, new KademliaCodec.StorePeerInList(listKey, record), ReplyCodec::decodeStatus);
    }

    private static RpcCaller.Answer<Boolean> pong(byte[] body) {
        return new RpcCaller.Answer<>(true, ReplyCodec.decodePong(body));
    }
}
