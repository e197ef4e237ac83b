package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestGens;

/** Seeded properties of the wire codec: round trip, totality, size bound. */
class EnvelopeCodecProperties {
    private static final long SEED = 0x5EED_C0DECL;
    private final EnvelopeCodec codec = EnvelopeCodec.create();

    @Test
    void everyMessageSurvivesARoundTrip() {
        qt().withFixedSeed(SEED).withExamples(2_000)
                .forAll(DomainGens.messages(codec.maxDatagramBytes()))
                .check(m -> codec.decode(codec.encode(m)).equals(new DecodeResult.Decoded(m)));
    }

    @Test
    void noEncodingExceedsTheMaximumDatagram() {
        qt().withFixedSeed(SEED).withExamples(500)
                .forAll(DomainGens.messages(codec.maxDatagramBytes()))
                .check(m -> codec.encode(m).length <= codec.maxDatagramBytes());
    }

    @Test
    void arbitraryBytesDecodeToAMessageOrATypedRejection() {
        qt().withFixedSeed(SEED).withExamples(20_000)
                .forAll(TestGens.bytes(0, 1_400))
                .check(bytes -> decodesTotally(bytes));
    }

    @Test
    void mutatedValidDatagramsDecodeTotallyAndCanonically() {
        qt().withFixedSeed(SEED).withExamples(20_000)
                .forAll(DomainGens.messages(codec.maxDatagramBytes()), integers().between(0, 3),
                        integers().all(), integers().all())
                .check((m, kind, where, what) -> {
                    byte[] mutated = mutate(codec.encode(m), kind, where, what);
                    if (!decodesTotally(mutated)) {
                        return false;
                    }
                    // Whatever decodes must re-encode to the very same bytes: one message, one encoding.
                    return !(codec.decode(mutated) instanceof DecodeResult.Decoded d)
                            || Arrays.equals(codec.encode(d.message()), mutated);
                });
    }

    private boolean decodesTotally(byte[] bytes) {
        try {
            DecodeResult r = codec.decode(bytes);
            return r != null;
        } catch (RuntimeException e) {
            throw new AssertionError("decode threw on " + HexFormat.of().formatHex(bytes), e);
        }
    }

    /** Flips a byte, truncates, appends garbage, or overwrites a header byte. */
    private static byte[] mutate(byte[] valid, int kind, int where, int what) {
        int at = Math.floorMod(where, valid.length);
        return switch (kind) {
            case 0 -> {
                byte[] b = valid.clone();
                b[at] ^= (byte) (what | 1);
                yield b;
            }
            case 1 -> Arrays.copyOf(valid, at);
            case 2 -> {
                byte[] b = Arrays.copyOf(valid, valid.length + 1 + Math.floorMod(what, 8));
                b[b.length - 1] = (byte) what;
                yield b;
            }
            default -> {
                byte[] b = valid.clone();
                b[Math.floorMod(where, EnvelopeCodec.HEADER_BYTES)] = (byte) what;
                yield b;
            }
        };
    }

    @Test
    void theGeneratorCoversRepliesAndLargeBodies() {
        // Guards the properties above against a generator that quietly stopped producing interesting cases.
        var seen = new HashSet<MessageKind>();
        int[] largest = {0};
        qt().withFixedSeed(SEED).withExamples(500).forAll(DomainGens.messages(codec.maxDatagramBytes()))
                .check(m -> {
                    seen.add(m.kind());
                    largest[0] = Math.max(largest[0], m.bodyLength());
                    return true;
                });
        assertEquals(EnumSet.allOf(MessageKind.class), seen);
        assertTrue(largest[0] > codec.maxBodyBytes() / 2, "largest body generated: " + largest[0]);
    }
}
