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
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;

/**
 * How one node's outbound Kademlia calls travel, for {@link KademliaProtocol} (which says what each
 * RPC asks and answers): a request padded for its peer, sent over the dispatcher's reply registry
 * (which matches a reply by message id and source address) with a bounded retry after a timeout, its
 * reply checked and parsed, and the outcome reported to the {@link ContactKeeper}: an answer refreshes
 * the peer, silence or a bad answer may evict it.
 *
 * <p><b>Threads.</b> Reply futures complete on dispatcher workers or the timer. Node state is touched
 * only under the node's lock; sends never wait.
 */
final class RpcCaller {
    private static final Logger LOG = LoggerFactory.getLogger(RpcCaller.class);

    private final NodeState state;
    private final KademliaConfig config;
    private final RequestsDispatcher dispatcher;
    private final ContactKeeper contacts;
    private final RequestPadding padding;

    RpcCaller(NodeState state, RequestsDispatcher dispatcher, ContactKeeper contacts) {
        this.state = state;
        this.config = state.config;
        this.dispatcher = dispatcher;
        this.contacts = contacts;
        this.padding = new RequestPadding(config, dispatcher.codec().maxDatagramBytes());
    }

    /** A parsed answer body, and the answering peer's record if the body carried one. */
    record Answer<T>(T value, Optional<peerconnect.domain.NodeRecord> record) {
        static <T> Function<byte[], Answer<T>> plain(Function<byte[], T> parse) {
            return body -> new Answer<>(parse.apply(body), Optional.empty());
        }
    }

    /** Sends one RPC to a known peer; its answer refreshes the peer, its silence evicts it. */
    <T> CompletableFuture<T> call(PeerContact peer, KademliaCodec.Request request, Function<byte[], T> parse) {
        return call(peer, request, Answer.plain(parse), config.rpcRetries());
    }

    /** A call whose answer may carry the peer's record. */
    <T> CompletableFuture<T> callFor(PeerContact peer, KademliaCodec.Request request,
                                             Function<byte[], Answer<T>> parse) {
        return call(peer, request, parse, config.rpcRetries());
    }

    /**
     * Sends {@code request} to {@code peer}; a failure through the peer's fault counts against it at
     * once, while an answer completes the call only after the records said whether it proves the
     * peer's id at that address ({@link RecordKeeper#prove}) and the keeper acted on that.
     */
    <T> CompletableFuture<T> call(PeerContact peer, KademliaCodec.Request request,
                                  Function<byte[], Answer<T>> parse, int retries) {
        Duration timeout;
        synchronized (state.lock) {
            contacts.calling(peer);
            timeout = contacts.timeoutFor(peer);
        }
        return send(peer.address(), Optional.of(peer.id()), request, parse, timeout, retries)
                .handle((reply, failure) -> {
            if (failure != null) {
                synchronized (state.lock) {
                    contacts.callDone(peer);
                    if (state.running() && peerAtFault(failure)) {
                        contacts.failed(peer, retries >= config.liveness().recheckRetries());
                    }
                }
                throw failure instanceof RuntimeException re ? re : new BadReplyException(failure.toString());
            }
            return state.records.prove(peer, reply.value().record(), request.asksRecord()).thenApply(proof -> {
                synchronized (state.lock) {
                    contacts.callDone(peer);
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
    record Reply<T>(PeerId sender, T value, long rttMillis) {
    }

    /**
     * Sends {@code request}, padded unless {@code to} has verified us, to {@code to}, retrying after a timeout up to
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
    <T> CompletableFuture<Reply<T>> send(NodeAddress to, Optional<PeerId> expected, KademliaCodec.Request request,
                                         Function<byte[], T> parse, Duration timeout, int retries) {
        byte[] body = padding.body(request, () -> dispatcher.hasAnswered(to));
        CompletableFuture<Reply<T>> out = new CompletableFuture<>();
        attempt(to, expected, request.op(), body, parse, retries, timeout, out);
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
