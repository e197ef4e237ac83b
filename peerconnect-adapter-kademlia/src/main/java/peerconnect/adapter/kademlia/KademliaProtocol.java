package peerconnect.adapter.kademlia;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.Scheduler;

/**
 * The Kademlia RPCs of one node (paper, section 2.3), as bmuller/kademlia's {@code KademliaProtocol}:
 * the inbound handlers ({@link #handle} and its {@code handle*} methods) that answer peers, and the
 * outbound calls ({@link #findNode}, {@link #store}, …) that ask them, over the dispatcher's reply
 * registry (which matches a reply by message id and source address) with a bounded retry after a
 * timeout. Whatever a peer says or fails to say is reported to the {@link ContactKeeper}: a request
 * offers its unproven sender, an answer refreshes the peer, silence or a bad answer may evict it.
 *
 * <p><b>Threads.</b> Dispatcher workers call {@link #handle}; reply futures complete on workers or the
 * timer. Node state is touched only under the node's lock; sends never wait.
 */
final class KademliaProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(KademliaProtocol.class);

    private final NodeState state;
    private final KademliaConfig config;
    private final RequestsDispatcher dispatcher;
    private final ContactKeeper contacts;
    private final RequestPadding padding;
    private final int maxReplyBody;
    // Calls of this node awaiting their answer, retries included; guarded by the node's lock.
    private int callsInFlight;

    KademliaProtocol(NodeState state, RequestsDispatcher dispatcher, Scheduler scheduler) {
        this.state = state;
        this.config = state.config;
        this.dispatcher = dispatcher;
        this.contacts = new ContactKeeper(state, this::ping, this::recheck, scheduler);
        this.padding = new RequestPadding(config, dispatcher.codec().maxDatagramBytes());
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
                event.reply(KademliaOp.STORE.reply(), KademliaCodec.status(KademliaCodec.StoreStatus.REFUSED_TOO_LARGE));
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
                case KademliaCodec.Ping p -> KademliaCodec.pong(ownIf(p), budget);
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
                yield KademliaCodec.status(KademliaCodec.StoreStatus.STORED);
            }
            case DELETED -> {
                state.journal.append(new ValueLog.Dropped(s.key()));
                yield KademliaCodec.status(KademliaCodec.StoreStatus.STORED);
            }
            case REFUSED_FULL -> {
                state.counters.reject(RejectReason.STORE_FULL);
                LOG.debug("node={} refused STORE from={} key={}: store full", state.selfId.shortHex(), from,
                        s.key().shortHex());
                yield KademliaCodec.status(KademliaCodec.StoreStatus.REFUSED_FULL);
            }
            case REFUSED_SOURCE_QUOTA -> {
                state.counters.reject(RejectReason.SOURCE_QUOTA);
                LOG.debug("node={} refused STORE from={} key={}: source holds its share of {} values",
                        state.selfId.shortHex(), from, s.key().shortHex(), state.values.shareOf(from.ip()));
                yield KademliaCodec.status(KademliaCodec.StoreStatus.REFUSED_SOURCE_QUOTA);
            }
            case REFUSED_NOT_SOURCE -> {
                state.counters.reject(RejectReason.NOT_SOURCE);
                LOG.debug("node={} refused deletion from={} key={}: another source stored the value",
                        state.selfId.shortHex(), from, s.key().shortHex());
                yield KademliaCodec.status(KademliaCodec.StoreStatus.REFUSED_NOT_SOURCE);
            }
        };
    }

    /** Extends a value held for the sender with the same bytes; otherwise the sender follows with a STORE. */
    private byte[] handleRefresh(KademliaCodec.Refresh r, NodeAddress from) {
        long now = state.now();
        long expires = now + Math.min(r.ttlSeconds() * 1000, config.valueTtl().toMillis());
        Optional<ValueStore.Stored> held = state.values.refresh(r.key(), r.digest(), from.ip(), expires, now);
        if (held.isEmpty()) {
            return KademliaCodec.refreshStatus(KademliaCodec.RefreshStatus.NOT_HELD);
        }
        // Journaled as a STORE is, so that the longer life survives a kill.
        state.journal.append(new ValueLog.Held(r.key(), held.get().expiresAtMillis(), held.get().source(),
                held.get().value()));
        state.counters.refreshesHandled.increment();
        return KademliaCodec.refreshStatus(KademliaCodec.RefreshStatus.REFRESHED);
    }

    private byte[] handleFindNode(KademliaCodec.FindNode f, int budget) {
        return KademliaCodec.nodes(state.table.closestContacts(f.target(), config.k()), ownIf(f), budget);
    }

    /** This node's record if {@code request} asks for it (and the node has one). */
    private Optional<peerconnect.domain.NodeRecord> ownIf(KademliaCodec.Request request) {
        return request.asksRecord() ? state.records.own() : Optional.empty();
    }

    private byte[] handleFindValue(KademliaCodec.FindValue f, int budget) {
        Optional<byte[]> v = state.values.get(f.key(), state.now());
        // A value too large for the budget is not cut: the requester gets contacts as if we lacked it.
        return v.isPresent() && KademliaCodec.FOUND_VALUE_OVERHEAD + v.get().length <= budget
                ? KademliaCodec.foundValue(v.get())
                : KademliaCodec.closer(state.table.closestContacts(f.key(), config.k()), budget);
    }

    private byte[] handleStorePeerInList(KademliaCodec.StorePeerInList s, NodeAddress from) {
        if (!PeerLists.isListKey(s.listKey())) {
            state.counters.reject(RejectReason.NOT_A_LIST_KEY);
            return KademliaCodec.status(KademliaCodec.StoreStatus.REFUSED_NOT_A_LIST_KEY);
        }
        long expires = state.now() + 3 * config.peerListInterval().toMillis();
        if (!state.peerLists.hasRoomFor(from.ip(), s.listKey(), s.record().peerId())) {
            state.counters.reject(RejectReason.SOURCE_QUOTA);
            LOG.debug("node={} refused STORE_PEERS_IN_LIST from={} list={}: source holds its share of the list",
                    state.selfId.shortHex(), from, s.listKey().shortHex());
            return KademliaCodec.status(KademliaCodec.StoreStatus.REFUSED_SOURCE_QUOTA);
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
        return KademliaCodec.status(KademliaCodec.StoreStatus.STORED);
    }

    private byte[] handleFindPeerList(KademliaCodec.FindPeerList f, int budget) {
        return state.peerLists.holds(f.listKey())
                ? KademliaCodec.foundRecords(state.peerLists.list(f.listKey(), state.now()), budget)
                : KademliaCodec.closer(state.table.closestContacts(f.listKey(), config.k()), budget);
    }

    private byte[] handleSearchPeers(KademliaCodec.SearchPeers s, int budget) {
        return state.peerLists.holds(s.listKey())
                ? KademliaCodec.foundRecords(state.peerLists.search(s.listKey(), s.query(), state.now()), budget)
                : KademliaCodec.closer(state.table.closestContacts(s.listKey(), config.k()), budget);
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
        return callsInFlight;
    }

    CompletableFuture<Boolean> ping(PeerContact peer) {
        return call(peer, new KademliaCodec.Ping(state.records.wants(peer)), KademliaProtocol::pong, config.rpcRetries());
    }

    /**
     * Pings a contact that missed a call, with {@link LivenessConfig#recheckRetries()} retries: its
     * purpose is to tell a lost datagram from a dead peer, so it tries harder than an ordinary call.
     */
    CompletableFuture<Boolean> recheck(PeerContact peer) {
        return call(peer, new KademliaCodec.Ping(state.records.wants(peer)), KademliaProtocol::pong,
                config.liveness().recheckRetries());
    }

    /**
     * Pings an address whose id is unknown (bootstrap), asking for its record if the node requires
     * records; the reply's sender id names the contact, which is returned once admitted or refused
     * (empty if it did not answer, or its record did not prove that id at that address).
     */
    CompletableFuture<Optional<PeerContact>> pingAddress(NodeAddress address) {
        KademliaCodec.Ping ping = new KademliaCodec.Ping(state.records.requiresRecords());
        byte[] body = padding.body(ping, () -> dispatcher.hasAnswered(address));
        return send(address, Optional.empty(), KademliaOp.PING, body, KademliaProtocol::pong,
                config.rpcTimeout(), config.rpcRetries()).handle((reply, failure) -> {
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
        return callFor(peer, new KademliaCodec.FindNode(target, state.records.wants(peer)), body -> {
            KademliaCodec.NodesReply nodes = KademliaCodec.decodeNodes(body);
            return new Answer<>(new KademliaCodec.Contacts(nodes.contacts()), nodes.record());
        });
    }

    CompletableFuture<KademliaCodec.LookupReply> findValue(PeerContact peer, PeerId key) {
        return call(peer, new KademliaCodec.FindValue(key),
                body -> KademliaCodec.decodeValueReply(body, config.maxValueBytes()));
    }

    CompletableFuture<KademliaCodec.LookupReply> findPeerList(PeerContact peer, PeerId listKey) {
        return call(peer, new KademliaCodec.FindPeerList(listKey), KademliaCodec::decodeRecordsReply);
    }

    CompletableFuture<KademliaCodec.LookupReply> searchPeers(PeerContact peer, PeerId listKey, String query) {
        return call(peer, new KademliaCodec.SearchPeers(listKey, query), KademliaCodec::decodeRecordsReply);
    }

    /** STORE of {@code value} to live {@code ttlSeconds} at {@code peer} (0: drop the key). */
    CompletableFuture<KademliaCodec.StoreStatus> store(PeerContact peer, PeerId key, byte[] value, long ttlSeconds) {
        return call(peer, new KademliaCodec.Store(key, ttlSeconds, value), KademliaCodec::decodeStatus);
    }

    /** REFRESH of {@code key} at {@code peer}: whether it holds {@code digest}'s value for us and keeps it. */
    CompletableFuture<KademliaCodec.RefreshStatus> refresh(PeerContact peer, PeerId key, long ttlSeconds,
                                                           byte[] digest) {
        return call(peer, new KademliaCodec.Refresh(key, ttlSeconds, digest), KademliaCodec::decodeRefreshStatus);
    }

    CompletableFuture<KademliaCodec.StoreStatus> storePeerInList(PeerContact peer, PeerId listKey,
                                                                 peerconnect.domain.NodeRecord record) {
        return call(peer, new KademliaCodec.StorePeerInList(listKey, record), KademliaCodec::decodeStatus);
    }

    private static Answer<Boolean> pong(byte[] body) {
        return new Answer<>(true, KademliaCodec.decodePong(body));
    }

    /** A parsed answer body, and the answering peer's record if the body carried one. */
    private record Answer<T>(T value, Optional<peerconnect.domain.NodeRecord> record) {
        static <T> Function<byte[], Answer<T>> plain(Function<byte[], T> parse) {
            return body -> new Answer<>(parse.apply(body), Optional.empty());
        }
    }

    /** Sends one RPC to a known peer; its answer refreshes the peer, its silence evicts it. */
    private <T> CompletableFuture<T> call(PeerContact peer, KademliaCodec.Request request, Function<byte[], T> parse) {
        return call(peer, request, Answer.plain(parse), config.rpcRetries());
    }

    /** A call whose answer may carry the peer's record. */
    private <T> CompletableFuture<T> callFor(PeerContact peer, KademliaCodec.Request request,
                                             Function<byte[], Answer<T>> parse) {
        return call(peer, request, parse, config.rpcRetries());
    }

    /**
     * Sends {@code request} to {@code peer}; a failure through the peer's fault counts against it at
     * once, while an answer completes the call only after the records said whether it proves the
     * peer's id at that address ({@link RecordKeeper#prove}) and the keeper acted on that.
     */
    private <T> CompletableFuture<T> call(PeerContact peer, KademliaCodec.Request request,
                                          Function<byte[], Answer<T>> parse, int retries) {
        byte[] body = padding.body(request, () -> dispatcher.hasAnswered(peer.address()));
        Duration timeout;
        synchronized (state.lock) {
            contacts.calling(peer);
            callsInFlight++;
            timeout = contacts.timeoutFor(peer);
        }
        return send(peer.address(), Optional.of(peer.id()), request.op(), body, parse, timeout, retries)
                .handle((reply, failure) -> {
            if (failure != null) {
                synchronized (state.lock) {
                    contacts.callDone(peer);
                    callsInFlight--;
                    if (state.running() && peerAtFault(failure)) {
                        contacts.failed(peer, retries >= config.liveness().recheckRetries());
                    }
                }
                throw failure instanceof RuntimeException re ? re : new BadReplyException(failure.toString());
            }
            return state.records.prove(peer, reply.value().record(), request.asksRecord()).thenApply(proof -> {
                synchronized (state.lock) {
                    contacts.callDone(peer);
                    callsInFlight--;
                    if (state.running()) {
                        contacts.answered(peer, reply.rttMillis(), proof);
                    }
                }
                return reply.value().value();
            });
        }).thenCompose(f -> f);
    }

    /**
     * Whether a failed call says something about the peer (silence or a bad answer), rather than
     * about this node (its pending-reply registry full, its dispatcher closed, its socket failing):
     * only the former may evict a contact.
     */
    private static boolean peerAtFault(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof TimeoutException || cause instanceof BadReplyException;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** A parsed reply, who sent it, and how long its attempt took (milliseconds of the node's clock). */
    private record Reply<T>(PeerId sender, T value, long rttMillis) {
    }

    /**
     * Sends {@code body} as {@code op} to {@code to}, retrying after a timeout up to
     * {@link KademliaConfig#rpcRetries()} times, and parses the reply. Each retry waits twice as long
     * as the attempt before it (as TCP backs off its retransmission timer), within the keeper's bound.
     *
     * @param expected the id the peer should answer with; empty when only the address is known
     *                 (bootstrap pings)
     * @param timeout  how long the first attempt waits ({@link ContactKeeper#timeoutFor})
     * @param retries  further attempts after a timeout
     * @return completes with the parsed reply and the replying sender's id, or fails with the
     *         timeout, transport or {@link BadReplyException} cause
     */
    private <T> CompletableFuture<Reply<T>> send(NodeAddress to, Optional<PeerId> expected, KademliaOp op, byte[] body,
                                                 Function<byte[], T> parse, Duration timeout, int retries) {
        CompletableFuture<Reply<T>> out = new CompletableFuture<>();
        attempt(to, expected, op, body, parse, retries, timeout, out);
        return out;
    }

    private <T> void attempt(NodeAddress to, Optional<PeerId> expected, KademliaOp op, byte[] body,
                             Function<byte[], T> parse, int retriesLeft, Duration timeout,
                             CompletableFuture<Reply<T>> out) {
        state.counters.attempt(op);
        state.counters.requestBytesSent.add(EnvelopeCodec.HEADER_BYTES + body.length);
        long sentAt = state.now();
        dispatcher.request(to, RootCode.KADEMLIA, op.request(), body, timeout)
                .whenComplete((message, failure) -> {
                    if (failure != null) {
                        Throwable cause = unwrap(failure);
                        if (cause instanceof TimeoutException && retriesLeft > 0) {
                            long max = config.liveness().maxAttemptTimeout().toMillis();
                            long was = timeout.toMillis();
                            Duration next = Duration.ofMillis(Math.max(was, Math.min(2 * was, max)));
                            attempt(to, expected, op, body, parse, retriesLeft - 1, next, out);
                        } else {
                            state.counters.rpcFailures.increment();
                            out.completeExceptionally(cause);
                        }
                        return;
                    }
                    accept(message, to, expected, op, parse, state.now() - sentAt, out);
                });
    }

    /** Checks a reply: the operation's reply byte, the expected sender id, a well-formed body. */
    private <T> void accept(Message message, NodeAddress from, Optional<PeerId> expected, KademliaOp op,
                            Function<byte[], T> parse, long rttMillis, CompletableFuture<Reply<T>> out) {
        if (message.op() != op.reply()) {
            reject(RejectReason.UNEXPECTED_REPLY, from, op + " answered with op byte " + message.op(), out);
            return;
        }
        if (expected.isPresent() && !expected.get().equals(message.sender())) {
            reject(RejectReason.UNEXPECTED_REPLY, from, "expected id " + expected.get().shortHex() + ", got "
                    + message.sender().shortHex(), out);
            return;
        }
        T value;
        try {
            value = parse.apply(message.body());
        } catch (MalformedBodyException e) {
            reject(e.reason(), from, op + " reply: " + e.getMessage(), out);
            return;
        }
        out.complete(new Reply<>(message.sender(), value, rttMillis));
    }

    private void reject(RejectReason reason, NodeAddress from, String detail, CompletableFuture<?> out) {
        state.counters.reject(reason);
        state.counters.rpcFailures.increment();
        LOG.debug("rejected Kademlia reply from={} reason={}: {}", from, reason, detail);
        out.completeExceptionally(new BadReplyException(reason + " from " + from + ": " + detail));
    }
}
