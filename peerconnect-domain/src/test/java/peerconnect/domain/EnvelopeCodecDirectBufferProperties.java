package peerconnect.domain;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestGens;

/**
 * Decoding from a direct buffer (a socket's reused receive buffer, read in place) gives exactly what
 * decoding the same bytes from an array gives — message or rejection, detail included — and leaves the
 * buffer's position and limit alone.
 */
class EnvelopeCodecDirectBufferProperties {
    private static final long SEED = 0xD1_2EC7L;
    private final EnvelopeCodec codec = EnvelopeCodec.create();

    @Test
    void arbitraryBytesDecodeAlikeFromADirectBufferAndFromAnArray() {
        qt().withFixedSeed(SEED).withExamples(5_000)
                .forAll(TestGens.bytes(0, 1_400), integers().between(0, 16))
                .check((bytes, lead) -> sameFromBothPaths(bytes, lead));
    }

    @Test
    void validDatagramsAndTheirMutationsDecodeAlikeFromADirectBufferAndFromAnArray() {
        qt().withFixedSeed(SEED).withExamples(2_000)
                .forAll(DomainGens.messages(codec.maxDatagramBytes()), integers().between(0, 1_300),
                        integers().between(0, 255))
                .check((message, index, value) -> {
                    byte[] datagram = codec.encode(message);
                    byte[] mutated = datagram.clone();
                    mutated[index % mutated.length] = (byte) (int) value;
                    return sameFromBothPaths(datagram, 3) && sameFromBothPaths(mutated, 0);
                });
    }

    /** The bytes placed {@code lead} bytes into a larger direct buffer, as a receive loop's buffer holds them. */
    private boolean sameFromBothPaths(byte[] bytes, int lead) {
        ByteBuffer direct = ByteBuffer.allocateDirect(lead + bytes.length + 7);
        direct.position(lead).put(bytes).flip().position(lead);
        DecodeResult fromBuffer = codec.decode(direct);
        return fromBuffer.equals(codec.decode(bytes))
                && direct.position() == lead && direct.limit() == lead + bytes.length;
    }
}
