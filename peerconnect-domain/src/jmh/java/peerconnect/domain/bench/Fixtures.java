package peerconnect.domain.bench;

import java.util.SplittableRandom;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.Cancellable;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.Scheduler;

/** Seeded test data shared by the benchmarks, so every run measures the same bytes. */
final class Fixtures {
    /** Whole datagram size of the benchmark message: 34-byte header + 66-byte body. */
    static final int DATAGRAM_BYTES = 100;
    static final int BODY_BYTES = DATAGRAM_BYTES - EnvelopeCodec.HEADER_BYTES;
    static final NodeAddress FROM = NodeAddress.parse("127.0.0.1:40000");

    private Fixtures() {
    }

    /** A request with a {@link #BODY_BYTES}-byte body; {@code n} varies root code, id and body. */
    static Message message(int n) {
        SplittableRandom random = new SplittableRandom(1234 + n);
        byte[] body = new byte[BODY_BYTES];
        random.nextBytes(body);
        RootCode[] codes = RootCode.builtIns();
        return Message.request(codes[n % codes.length], (byte) 0x03, new MessageId(random.nextLong()),
                PeerId.random(random), body);
    }

    /**
     * A scheduler that runs tasks on {@code executor}, never fires a timer and whose clock stands still
     * at the epoch: what a benchmark of the receive path needs (no deadline ever matters).
     */
    static Scheduler scheduler(java.util.concurrent.Executor executor) {
        return new Scheduler() {
            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }

            @Override
            public Cancellable schedule(java.time.Duration delay, Runnable task) {
                return () -> { };
            }

            @Override
            public java.time.InstantSource clock() {
                return java.time.InstantSource.fixed(java.time.Instant.EPOCH);
            }
        };
    }
}
