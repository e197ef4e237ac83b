package peerconnect.domain;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The network key as a stage of the dispatcher's pipelines: outbound it seals every encoded datagram
 * ({@link DatagramSeal#seal}); inbound it opens every received one and refuses, by a
 * {@link ReplayWindow}, any whose nonce was already accepted. A datagram that does not open or is a
 * replay goes no further; each outcome is counted ({@code seal.*} counters).
 *
 * <p>The replay check sits here rather than in {@link DatagramSeal#open}: the seal stays a stateless
 * codec (opening is repeatable), and the window belongs to the receiving node, not to the key.
 * Thread-safe.
 */
public final class SealStage implements CounterSource {
    private final DatagramSeal seal;
    private final ReplayWindow replayWindow;
    private final LongAdder sealed = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder badLength = new LongAdder();
    private final LongAdder wrongMagic = new LongAdder();
    private final LongAdder badTag = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();

    private SealStage(DatagramSeal seal, ReplayWindow replayWindow) {
        this.seal = Objects.requireNonNull(seal, "seal");
        this.replayWindow = Objects.requireNonNull(replayWindow, "replayWindow");
    }

    /** A stage sealing and opening with {@code seal}, replays refused by a default {@link ReplayWindow}. */
    public static SealStage create(DatagramSeal seal) {
        return new SealStage(seal, ReplayWindow.create());
    }

    /** A stage sealing and opening with {@code seal}, replays refused by {@code replayWindow}. */
    public static SealStage create(DatagramSeal seal, ReplayWindow replayWindow) {
        return new SealStage(seal, replayWindow);
    }

    /** The seal in use (for its size budget). */
    public DatagramSeal seal() {
        return seal;
    }

    /**
     * The sealed form of an encoded datagram; counted as sealed by {@link #countSent} once sent.
     *
     * @throws MessageTooLargeException if over {@link DatagramSeal#maxPlaintextBytes()}, as the codec would
     */
    byte[] seal(byte[] datagram) {
        return seal.seal(datagram);
    }

    void countSent() {
        sealed.increment();
    }

    /** Counts a datagram the rate limits refused before it was opened. */
    void countRateLimited() {
        rateLimited.increment();
    }

    /**
     * The plaintext of the sealed datagram between position and limit of {@code datagram} (left
     * unchanged), or empty if it does not open or repeats an accepted nonce. Never throws.
     */
    Optional<byte[]> open(ByteBuffer datagram) {
        switch (seal.open(datagram)) {
            case OpenResult.Opened o -> {
                // The nonce is authenticated: a changed nonce would not have verified.
                int at = datagram.position();
                if (!replayWindow.accept(datagram.getInt(at + 1), datagram.getLong(at + 5))) {
                    replayed.increment();
                    return Optional.empty();
                }
                opened.increment();
                return Optional.of(o.plaintext());
            }
            case OpenResult.Rejected r -> {
                switch (r.reason()) {
                    case BAD_LENGTH -> badLength.increment();
                    case WRONG_MAGIC -> wrongMagic.increment();
                    case BAD_TAG -> badTag.increment();
                    case REPLAYED -> replayed.increment();
                }
                return Optional.empty();
            }
        }
    }

    /** A snapshot of the counters; safe from any thread. */
    public SealStats stats() {
        return new SealStats(sealed.sum(), opened.sum(), badLength.sum(), wrongMagic.sum(), badTag.sum(),
                replayed.sum(), rateLimited.sum());
    }

    @Override
    public void reportCounters(CounterSink sink) {
        SealStats s = stats();
        sink.counter("seal.sealed", s.sealed());
        sink.counter("seal.opened", s.opened());
        sink.counter("seal.rejectedBadLength", s.rejectedBadLength());
        sink.counter("seal.rejectedWrongMagic", s.rejectedWrongMagic());
        sink.counter("seal.rejectedBadTag", s.rejectedBadTag());
        sink.counter("seal.rejectedReplayed", s.rejectedReplayed());
        sink.counter("seal.rateLimited", s.rateLimited());
    }

    @Override
    public String toString() {
        return "SealStage[" + seal + ", " + replayWindow + "]";
    }
}
