package peerconnect.domain.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
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
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.NodeRecordBook;
import peerconnect.domain.NodeRecordCodec;
import peerconnect.domain.RateLimit;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;

/**
 * What signed rumors and node records cost per message: signing and verifying a rumor's signed bytes
 * (a 100-byte payload), a repeated copy answered by the {@link SignatureChecker}'s cache, a node record
 * signed, and a known record offered again to the {@link NodeRecordBook} (the steady state of a
 * lookup: no check), against the baseline of decoding the record's bytes, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IdentitySignatureBenchmark {
    private static final NodeAddress SOURCE = NodeAddress.parse("10.0.0.2:4000");
    private static final byte[] TAG = "peerconnect rumor v1".getBytes(StandardCharsets.US_ASCII);

    private NodeKey key;
    private byte[] rumorSigned;
    private byte[] rumorSignature;
    private SignatureChecker checker;
    private NodeRecord record;
    private byte[] recordBytes;
    private NodeRecordBook book;

    @Setup
    public void setUp() {
        key = NodeKey.forSimulation(1);
        byte[] payload = new byte[100];
        rumorSigned = ByteBuffer.allocate(TAG.length + 30 + payload.length).put(TAG).putLong(42)
                .put(key.peerId().toBytes()).putShort((short) payload.length).put(payload).array();
        rumorSignature = key.sign(rumorSigned);
        InstantSource clock = InstantSource.fixed(Instant.EPOCH);
        checker = new SignatureChecker(new SignatureCheckSettings(RateLimit.unlimited(), 1_024),
                SignatureVerifier.ed25519(), clock);
        if (checker.check(42, SOURCE, key.publicKey(), rumorSigned, rumorSignature) != SignatureChecker.Outcome.VALID) {
            throw new IllegalStateException("the fixture rumor does not verify");
        }
        record = NodeRecord.sign(key, "bench node", List.of(SOURCE), 1);
        recordBytes = NodeRecordCodec.encode(record);
        book = new NodeRecordBook(1_024, checker);
        if (!(book.offer(record, SOURCE) instanceof NodeRecordBook.Accepted)) {
            throw new IllegalStateException("the fixture record is not accepted");
        }
    }

    @Benchmark
    public NodeRecordCodec.Result baselineDecodeRecord() {
        return NodeRecordCodec.decode(recordBytes);
    }

    @Benchmark
    public byte[] signRumor() {
        return key.sign(rumorSigned);
    }

    /** What a node pays once per new rumor. */
    @Benchmark
    public boolean verifyRumor() {
        if (!NodeKey.verify(key.publicKey(), rumorSigned, rumorSignature)) {
            throw new IllegalStateException("the fixture signature does not verify");
        }
        return true;
    }

    /** A copy of a rumor already checked (a forgery repeated, or the same rumor refused by the seen-set). */
    @Benchmark
    public SignatureChecker.Outcome cachedRumorCheck() {
        return checker.check(42, SOURCE, key.publicKey(), rumorSigned, rumorSignature);
    }

    @Benchmark
    public NodeRecord signRecord() {
        return NodeRecord.sign(key, "bench node", List.of(SOURCE), 2);
    }

    /** The steady state of peer-list answers: the record held already, compared, not verified. */
    @Benchmark
    public NodeRecordBook.Verdict offerKnownRecord() {
        return book.offer(record, SOURCE);
    }
}
