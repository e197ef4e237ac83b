package peerconnect.domain.bench;

import java.nio.ByteBuffer;
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
import peerconnect.domain.Message;
import peerconnect.domain.EnvelopeCodec;

/**
 * {@link EnvelopeCodec#encode} and {@link EnvelopeCodec#decode(byte[])} of a 100-byte datagram, against two
 * baselines measured in the same run: a bare copy of the 100 bytes (the allocation and copy every
 * codec call pays at least), and an unchecked {@link ByteBuffer} read of the same fields into fresh
 * arrays (what decoding costs without validation and without building domain objects).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    /** What the field-read baseline produces: the envelope's fields, unchecked, no domain types. */
    public record Fields(byte rootCode, byte header, byte version, byte flags, long id, byte[] sender,
                         byte[] body) {
    }

    private EnvelopeCodec codec;
    private Message message;
    private byte[] datagram;

    @Setup
    public void setUp() {
        codec = EnvelopeCodec.create();
        message = Fixtures.message(0);
        datagram = codec.encode(message);
        if (datagram.length != Fixtures.DATAGRAM_BYTES
                || !(codec.decode(datagram) instanceof DecodeResult.Decoded d && d.message().equals(message))) {
            throw new IllegalStateException("fixture does not round-trip as a " + Fixtures.DATAGRAM_BYTES
                    + "-byte datagram");
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(message);
    }

    @Benchmark
    public DecodeResult decode() {
        return codec.decode(datagram);
    }

    @Benchmark
    public byte[] baselineCopy() {
        byte[] copy = new byte[datagram.length];
        System.arraycopy(datagram, 0, copy, 0, datagram.length);
        return copy;
    }

    @Benchmark
    public Fields baselineFieldRead() {
        ByteBuffer in = ByteBuffer.wrap(datagram);
        byte[] sender = new byte[20];
        in.get(12, sender);
        byte[] body = new byte[in.getShort(32) & 0xffff];
        in.get(EnvelopeCodec.HEADER_BYTES, body);
        return new Fields(in.get(0), in.get(1), in.get(2), in.get(3), in.getLong(4), sender, body);
    }
}
