package peerconnect.adapter.kademlia;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerConnectException;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;

/**
 * Outbound Kademlia RPCs over the dispatcher's reply registry (which matches a reply by message id
 * and source address), with a bounded retry after a timeout. A reply with the wrong sub-header, a
 * malformed body, or another sender id than expected is rejected and counted, and the call fails.
 * Thread-safe; holds no node state.
 */
final class Rpc {
    private static final Logger LOG = LoggerFactory.getLogger(Rpc.class);

    /** The call got an answer this node cannot use. */
    static final class BadReplyException extends PeerConnectException {
        private static final long serialVersionUID = 1L;

        BadReplyException(String message) {
            super(message);
        }
    }

    private final RequestsDispatcher dispatcher;
    private final KademliaConfig config;
    private final Counters counters;

    Rpc(RequestsDispatcher dispatcher, KademliaConfig config, Counters counters) {
        this.dispatcher = dispatcher;
        this.config = config;
        this.counters = counters;
    }

    /**
     * Sends {@code body} under {@code header} to {@code to} and parses the reply.
     *
     * @param expected the id the peer should answer with, or null when only the address is known
     *                 (bootstrap pings)
     * @return completes with the parsed reply and the replying sender's id, or fails with the
     *         timeout, transport or {@link BadReplyException} cause
     */
    <T> CompletableFuture<Reply<T>> call(NodeAddress to, PeerId expected, SubHeader header, byte[] body,
                                         Function<byte[], T> parse) {
        CompletableFuture<Reply<T>> out = new CompletableFuture<>();
        attempt(to, expected, header, body, parse, config.rpcRetries(), out);
        return out;
    }

    /** A parsed reply and who sent it. */
    record Reply<T>(PeerId sender, T value) {
    }

    private <T> void attempt(NodeAddress to, PeerId expected, SubHeader header, byte[] body,
                             Function<byte[], T> parse, int retriesLeft, CompletableFuture<Reply<T>> out) {
        counters.rpcAttempts.increment();
        dispatcher.request(to, RootCode.KADEMLIA, header.request(), body, config.rpcTimeout())
                .whenComplete((message, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        if (cause instanceof TimeoutException && retriesLeft > 0) {
                            attempt(to, expected, header, body, parse, retriesLeft - 1, out);
                        } else {
                            counters.rpcFailures.increment();
                            out.completeExceptionally(cause);
                        }
                        return;
                    }
                    accept(message, to, expected, header, parse, out);
                });
    }

    private <T> void accept(Message message, NodeAddress from, PeerId expected, SubHeader header,
                            Function<byte[], T> parse, CompletableFuture<Reply<T>> out) {
        if (message.header() != header.reply()) {
            reject(RejectReason.UNEXPECTED_REPLY, from, header + " answered with header " + message.header(), out);
            return;
        }
        if (expected != null && !expected.equals(message.sender())) {
            reject(RejectReason.UNEXPECTED_REPLY, from, "expected id " + expected.shortHex() + ", got "
                    + message.sender().shortHex(), out);
            return;
        }
        T value;
        try {
            value = parse.apply(message.body());
        } catch (MalformedBodyException e) {
            reject(e.reason(), from, header + " reply: " + e.getMessage(), out);
            return;
        }
        out.complete(new Reply<>(message.sender(), value));
    }

    private void reject(RejectReason reason, NodeAddress from, String detail, CompletableFuture<?> out) {
        counters.reject(reason);
        counters.rpcFailures.increment();
        LOG.debug("rejected Kademlia reply from={} reason={}: {}", from, reason, detail);
        out.completeExceptionally(new BadReplyException(reason + " from " + from + ": " + detail));
    }

    /** The node's counters, shared by the RPC layer and the node; thread-safe. */
    static final class Counters {
        final LongAdder rpcAttempts = new LongAdder();
        final LongAdder rpcFailures = new LongAdder();
        final LongAdder requestsHandled = new LongAdder();
        final LongAdder lookups = new LongAdder();
        final LongAdder evictions = new LongAdder();
        final LongAdder storesRefused = new LongAdder();
        final LongAdder admissionsSkipped = new LongAdder();
        private final LongAdder[] rejected = new LongAdder[RejectReason.values().length];

        Counters() {
            for (int i = 0; i < rejected.length; i++) {
                rejected[i] = new LongAdder();
            }
        }

        void reject(RejectReason reason) {
            rejected[reason.ordinal()].increment();
        }

        java.util.Map<RejectReason, Long> rejected() {
            java.util.Map<RejectReason, Long> m = new java.util.EnumMap<>(RejectReason.class);
            for (RejectReason r : RejectReason.values()) {
                long n = rejected[r.ordinal()].sum();
                if (n != 0) {
                    m.put(r, n);
                }
            }
            return m;
        }
    }
}
