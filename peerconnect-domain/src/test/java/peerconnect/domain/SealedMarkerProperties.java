package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestRandom;

/**
 * Sealed envelopes carry none of their plaintext: a marker string placed anywhere in the body of
 * envelopes of every root code never shows in the sealed datagram, neither as is nor in the
 * encodings one would grep a capture for (hex, Base64, UTF-16, reversed).
 */
class SealedMarkerProperties {
    private static final long SEED = 0x3A7_4E7L;
    private static final String MARKER = "PEERCONNECT-SECRET-MARKER";
    private static final DatagramSeal SEAL = DatagramSeal.create(NetworkKey.generate(TestRandom.secure(11)),
            TestRandom.secure(12));
    private static final EnvelopeCodec CODEC = EnvelopeCodec.withMaxDatagramBytes(SEAL.maxPlaintextBytes());

    /** The marker and its obvious encodings, as bytes to look for. */
    static List<byte[]> encodings() {
        byte[] ascii = MARKER.getBytes(StandardCharsets.US_ASCII);
        byte[] reversed = new StringBuilder(MARKER).reverse().toString().getBytes(StandardCharsets.US_ASCII);
        return List.of(ascii, reversed,
                HexFormat.of().formatHex(ascii).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().withUpperCase().formatHex(ascii).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().withoutPadding().encodeToString(ascii).getBytes(StandardCharsets.US_ASCII),
                MARKER.getBytes(StandardCharsets.UTF_16LE), MARKER.getBytes(StandardCharsets.UTF_16BE),
                // Any 8 consecutive marker bytes: a partial leak counts too.
                MARKER.substring(0, 8).getBytes(StandardCharsets.US_ASCII),
                MARKER.substring(MARKER.length() - 8).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void noSealedEnvelopeCarriesTheMarkerInAnyEncoding() {
        byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
        qt().withFixedSeed(SEED).withExamples(3_000)
                .forAll(DomainGens.messages(CODEC.maxDatagramBytes() - 3 * marker.length), integers().between(0, 2),
                        integers().between(0, 1_000))
                .checkAssert((message, encoding, at) -> {
                    byte[] body = message.body();
                    byte[] marked = withMarker(body, encodingOf(encoding), at);
                    Message m = new Message(message.rootCode(), message.version(), message.op(), message.kind(),
                            message.id(), message.sender(), marked);
                    byte[] plain = CODEC.encode(m);
                    assertTrue(indexOf(plain, encodingOf(encoding)) >= 0, "the marker is in the plaintext");
                    byte[] sealed = SEAL.seal(plain);
                    for (byte[] e : encodings()) {
                        assertEquals(-1, indexOf(sealed, e), () -> "leaked " + new String(e, StandardCharsets.ISO_8859_1));
                    }
                });
    }

    /** The marker as the plaintext carries it: ASCII, UTF-16 or hex (a body may hold text in any of them). */
    private static byte[] encodingOf(int encoding) {
        return switch (encoding) {
            case 0 -> MARKER.getBytes(StandardCharsets.US_ASCII);
            case 1 -> MARKER.getBytes(StandardCharsets.UTF_16BE);
            default -> HexFormat.of().formatHex(MARKER.getBytes(StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.US_ASCII);
        };
    }

    private static byte[] withMarker(byte[] body, byte[] marker, int at) {
        int where = Math.min(at, body.length);
        byte[] out = new byte[body.length + marker.length];
        System.arraycopy(body, 0, out, 0, where);
        System.arraycopy(marker, 0, out, where, marker.length);
        System.arraycopy(body, where, out, where + marker.length, body.length - where);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
