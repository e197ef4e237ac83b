package peerconnect.domain.bench;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.OpenResult;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimit;
import peerconnect.domain.RateLimiter;
import peerconnect.domain.RateLimiterSettings;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;

/**
 * What one flood datagram costs a node once its source is over its limit, by where the limit sits
 * (docs/PROTOCOL.md, "Rate limits"):
 * <ul>
 *   <li>{@code sealedGarbageOpened} — a sealed node limiting after the seal (the old order): every
 *       garbage datagram with the right magic byte is tried against the key and fails its tag;</li>
 *   <li>{@code sealedGarbageRefusedBeforeOpen} — the limit in front of the seal
 *       (the inbound pipeline's admission before the seal): a bucket lookup, nothing opened;</li>
 *   <li>{@code forgedReplyDecoded} — a forged reply to no pending request, decoded in full (the old
 *       path: decode, then registry lookup);</li>
 *   <li>{@code forgedReplyDroppedById} — the same datagram through {@link RequestsDispatcher#onDatagram}:
 *       dropped as unknown from its id, without a decode.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FloodCostBenchmark {
    private static final NodeAddress FLOODER = NodeAddress.parse("10.0.0.66:4000");

    /** Bytes of each flood datagram: a small one, and the largest a sealed node accepts. */
    @Param({"100", "1232"})
    public int size;

    private DatagramSeal seal;
    private byte[] garbage;
    private byte[] forgedReply;
    private EnvelopeCodec codec;
    private RequestsDispatcher dispatcher;
    private RequestsDispatcher sealedDispatcher;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(11);
        seal = DatagramSeal.create(NetworkKey.generate(new SecureRandom()), new SecureRandom());
        garbage = new byte[size];
        random.nextBytes(garbage);
        garbage[0] = DatagramSeal.MAGIC;
        if (!(seal.open(garbage) instanceof OpenResult.Rejected)) {
            throw new IllegalStateException("garbage opened");
        }
        codec = EnvelopeCodec.create();
        forgedReply = codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(7),
                PeerId.random(random), new byte[size - EnvelopeCodec.HEADER_BYTES])
                .replyWith((byte) 0x81, PeerId.random(random), new byte[size - EnvelopeCodec.HEADER_BYTES]));
        // One token for the flooder and a clock that stands still: after the first datagram it is over its limit.
        RateLimit one = new RateLimit(1, 1);
        RateLimiter limiter = RateLimiter.create(new RateLimiterSettings(one, one, one, 16, 16), 0);
        dispatcher = RequestsDispatcher.builder(PeerId.random(random)).codec(codec).transport((to, bytes) -> { })
                .scheduler(Fixtures.scheduler(Runnable::run)).random(random).rateLimiter(limiter).nanoClock(() -> 0L)
                .build();
        sealedDispatcher = RequestsDispatcher.builder(PeerId.random(random)).transport((to, bytes) -> { })
                .scheduler(Fixtures.scheduler(Runnable::run)).random(random).rateLimiter(limiter).nanoClock(() -> 0L)
                .networkKey(seal).build();
        sealedDispatcher.onDatagram(FLOODER, garbage);
        sealedDispatcher.onDatagram(FLOODER, garbage);
        if (sealedDispatcher.seal().orElseThrow().stats().rateLimited() != 1) {
            throw new IllegalStateException("the flooder is not over its limit");
        }
    }

    @Benchmark
    public OpenResult sealedGarbageOpened() {
        return seal.open(garbage);
    }

    @Benchmark
    public void sealedGarbageRefusedBeforeOpen() {
        sealedDispatcher.onDatagram(FLOODER, garbage);
    }

    @Benchmark
    public DecodeResult forgedReplyDecoded() {
        return codec.decode(forgedReply);
    }

    @Benchmark
    public void forgedReplyDroppedById() {
        dispatcher.onDatagram(FLOODER, forgedReply);
    }
}
