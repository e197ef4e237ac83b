package peerconnect.domain.bench;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.DiscoveryAuthenticator;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DiscoveryRejection;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;

/**
 * What signed discovery costs per message: signing a NETWORK_FIND, checking an Ed25519 signature, and
 * refusing a replayed find (which ends at the replay cache, before the signature check), against the
 * baseline of decoding the same datagram's envelope, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DiscoverySignatureBenchmark {
    private static final NodeAddress SENDER = NodeAddress.parse("10.0.0.2:4000");

    private DiscoveryAuthenticator signer;
    private DiscoveryAuthenticator receiver;
    private NodeKey senderKey;
    private byte[] find;
    private byte[] signedBytes;
    private byte[] signature;
    private byte[] datagram;
    private EnvelopeCodec codec;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_790_000_000_000L));
        senderKey = NodeKey.generate(seeded(1));
        signer = new DiscoveryAuthenticator(senderKey, DiscoveryConfig.defaults(), clock);
        receiver = new DiscoveryAuthenticator(NodeKey.generate(seeded(2)), DiscoveryConfig.defaults(), clock);
        find = signer.signFind(SENDER);
        if (!(receiver.verify(DiscoveryCodec.NETWORK_FIND, senderKey.peerId(), SENDER, find)
                instanceof DiscoveryAuthenticator.Accepted)) {
            throw new IllegalStateException("the fixture find is not accepted");
        }
        signedBytes = "a discovery body's signed bytes, about this long".getBytes(StandardCharsets.US_ASCII);
        signature = senderKey.sign(signedBytes);
        codec = EnvelopeCodec.create();
        datagram = codec.encode(Message.request(RootCode.DISCOVERY, DiscoveryCodec.NETWORK_FIND, new MessageId(1),
                senderKey.peerId(), find));
    }

    @Benchmark
    public DecodeResult baselineDecodeEnvelope() {
        return codec.decode(datagram);
    }

    @Benchmark
    public byte[] signFind() {
        return signer.signFind(SENDER);
    }

    /** The check every accepted discovery message pays once (the public key is decoded each time, as in the node). */
    @Benchmark
    public boolean verifySignature() {
        if (!NodeKey.verify(senderKey.publicKey(), signedBytes, signature)) {
            throw new IllegalStateException("the fixture signature does not verify");
        }
        return true;
    }

    @Benchmark
    public DiscoveryAuthenticator.Verdict refuseReplayedFind() {
        DiscoveryAuthenticator.Verdict verdict = receiver.verify(DiscoveryCodec.NETWORK_FIND, senderKey.peerId(), SENDER,
                find);
        if (!(verdict instanceof DiscoveryAuthenticator.Rejected r && r.reason() == DiscoveryRejection.REPLAYED)) {
            throw new IllegalStateException("expected the replay cache to refuse it after every check: " + verdict);
        }
        return verdict;
    }

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }
}
