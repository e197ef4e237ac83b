package peerconnect.domain;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a received datagram goes through, in this order (docs/PROTOCOL.md, "Receive path"):
 * <ol>
 *   <li><b>admit</b>: the rate limits, before any parsing or cipher work ({@link Admission});</li>
 *   <li><b>open</b> the seal, if the node has a network key, and refuse replays ({@link SealStage});</li>
 *   <li><b>screen replies</b>: a datagram with a well-formed reply header is read for its message id
 *       alone; one to no pending request is dropped there, unknown or late, without a decode;</li>
 *   <li><b>decode</b> ({@link EnvelopeCodec#decode}), total: a message or a typed rejection;</li>
 *   <li><b>route</b> by kind: an awaited reply is matched at once, on the calling thread (queueing it
 *       would add a thread hand-off, ~10 us, to every round trip, which doubled the request latency on
 *       loopback: docs/BENCHMARKS.md, bench udp); a request becomes a {@link RequestEvent}, with its
 *       {@link ReplyBudget} computed here once, for the dispatcher's lanes.</li>
 * </ol>
 * Without a network key the limits can see the header, so a reply this node awaits is never charged;
 * with one, a datagram from an address this node awaits a reply from is charged only to that
 * address's bucket (it is most likely that reply). Every admitted sealed datagram is opened on the
 * receiving thread: opening a 100-byte datagram costs about a microsecond, a hand-off to a worker
 * about ten (docs/BENCHMARKS.md, "Sealing without the JDK cipher").
 *
 * <p>Every datagram ends counted exactly once: as received and then dispatched, matched or dropped
 * with a {@link DropReason}, or (behind the seal) as a {@code seal.*} rejection before it counts as
 * received. Never throws. Thread-safe.
 */
final class InboundPipeline {
    private static final System.Logger LOG = System.getLogger(InboundPipeline.class.getName());

    /** Where routed requests go: the dispatcher's lanes, which also know whether it still runs. */
    interface Lanes {
        boolean isRunning();

        void accept(RequestEvent event);
    }

    private final EnvelopeCodec codec;
    private final Admission admission;
    private final SealStage seal; // null without a network key
    private final ReplyRegistry replies;
    private final VerifiedSources verified;
    private final DispatcherCounters counters;
    private final Responder responder;
    private final Lanes lanes;

    InboundPipeline(EnvelopeCodec codec, Admission admission, Optional<SealStage> seal, ReplyRegistry replies,
                    VerifiedSources verified, DispatcherCounters counters, Responder responder, Lanes lanes) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.seal = seal.orElse(null);
        this.replies = Objects.requireNonNull(replies, "replies");
        this.verified = Objects.requireNonNull(verified, "verified");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.responder = Objects.requireNonNull(responder, "responder");
        this.lanes = Objects.requireNonNull(lanes, "lanes");
    }

    /** Takes one datagram from the network, between position and limit of {@code datagram} (left unchanged). */
    void receive(NodeAddress from, ByteBuffer datagram) {
        if (seal == null) {
            receivePlain(from, datagram);
        } else {
            receiveSealed(from, datagram);
        }
    }

    private void receivePlain(NodeAddress from, ByteBuffer datagram) {
        counters.received.increment();
        if (codec.isReplyHeader(datagram)) {
            if (!droppedAsUnawaitedReply(from, EnvelopeCodec.messageIdAt(datagram), true)) {
                route(from, codec.decode(datagram));
            }
            return;
        }
        RateLimiter.Verdict verdict = admission.admit(from);
        if (verdict != RateLimiter.Verdict.ADMITTED) {
            counters.drop(DropReason.RATE_LIMITED);
            LOG.log(Level.TRACE, () -> "dropped datagram from=" + from + " reason=" + verdict);
            return;
        }
        route(from, codec.decode(datagram));
    }

    private void receiveSealed(NodeAddress from, ByteBuffer datagram) {
        boolean awaited = replies.awaitsFrom(from);
        RateLimiter.Verdict verdict = admission.admitSealed(from, awaited);
        if (verdict != RateLimiter.Verdict.ADMITTED) {
            counters.received.increment();
            counters.drop(DropReason.RATE_LIMITED);
            seal.countRateLimited();
            LOG.log(Level.TRACE, () -> "dropped sealed datagram from=" + from + " reason=" + verdict);
            return;
        }
        openThenRoute(from, datagram);
    }

    /** The stages after the limits, for an admitted sealed datagram: the limits are not charged again. */
    private void openThenRoute(NodeAddress from, ByteBuffer sealed) {
        Optional<byte[]> opened = seal.open(sealed);
        if (opened.isEmpty()) {
            return; // counted by the seal stage; it never reached the dispatcher
        }
        counters.received.increment();
        byte[] plaintext = opened.get();
        if (codec.isReplyHeader(plaintext, 0, plaintext.length)
                && droppedAsUnawaitedReply(from, EnvelopeCodec.messageIdAt(plaintext, 0), false)) {
            return;
        }
        route(from, codec.decode(plaintext));
    }

    /**
     * Drops (and counts) a reply with a well-formed header that no pending request awaits, after
     * reading only its id: late if its request timed out recently, else unknown. Ids are 64 random bits,
     * so a forger cannot hit a pending one; a real reply goes on to be decoded and matched, never
     * charged. A dropped one is charged to its source if {@code charge} (before the seal it was not).
     */
    private boolean droppedAsUnawaitedReply(NodeAddress from, MessageId id, boolean charge) {
        if (replies.isPending(id)) {
            return false;
        }
        if (!lanes.isRunning()) {
            counters.drop(DropReason.CLOSED);
            return true;
        }
        if (charge) {
            admission.chargeForgedReply(from);
        }
        counters.drop(replies.isRecentlyExpired(id) ? DropReason.LATE_REPLY : DropReason.UNKNOWN_REPLY);
        return true;
    }

    private void route(NodeAddress from, DecodeResult result) {
        switch (result) {
            case DecodeResult.Decoded d -> {
                Message message = d.message();
                if (message.kind() == MessageKind.REPLY) {
                    if (lanes.isRunning()) {
                        matchReply(message, from);
                    } else {
                        counters.drop(DropReason.CLOSED);
                    }
                } else {
                    ReplyBudget budget = ReplyBudget.forRequest(verified.isVerified(from),
                            EnvelopeCodec.HEADER_BYTES + message.bodyLength(), codec.maxBodyBytes());
                    lanes.accept(new RequestEvent(message.rootCode(), message, from, responder, budget));
                }
            }
            case DecodeResult.Rejected r -> {
                counters.drop(r.reason());
                LOG.log(Level.DEBUG, () -> "dropped datagram from=" + from + " reason=" + r.reason() + ": " + r.detail());
            }
        }
    }

    /** Completes the awaited request of {@code reply} if its id and source match; counts the outcome. */
    void matchReply(Message reply, NodeAddress from) {
        switch (replies.match(reply, from)) {
            case MATCHED -> counters.repliesMatched.increment();
            case LATE -> counters.drop(DropReason.LATE_REPLY);
            case UNKNOWN -> counters.drop(DropReason.UNKNOWN_REPLY);
            case SOURCE_MISMATCH -> {
                counters.drop(DropReason.REPLY_SOURCE_MISMATCH);
                LOG.log(Level.DEBUG, () -> "reply " + reply.id() + " from=" + from
                        + " does not match its request's destination");
            }
        }
    }
}
