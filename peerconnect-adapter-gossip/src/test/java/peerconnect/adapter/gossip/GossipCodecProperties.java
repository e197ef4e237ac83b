package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.testkit.core.TestGens;
import peerconnect.testkit.core.TestRandom;

/** Decoding is total (on any bytes) and encoding round-trips (on bodies built from seeded randomness). */
class GossipCodecProperties {
    private static final long SEED = 0x6055_1bL;

    @Test
    void anyBytesUnderAnyHeaderDecodeToABodyOrARejectionNeverAnException() {
        qt().withFixedSeed(SEED).withExamples(3000).forAll(integers().between(0, 255), TestGens.bytes(0, 119))
                .checkAssert((header, body) ->
                        assertNotNull(GossipCodec.decode((byte) (int) header, ByteBuffer.wrap(body), 64)));
    }

    @Test
    void mutatedValidBodiesNeverThrowAndValidOnesRoundTrip() {
        qt().withFixedSeed(SEED + 1).withExamples(3000).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            GossipBody body = randomBody(random);
            byte[] bytes = GossipCodec.encode(body);
            assertEquals(new GossipCodec.Decoded(body),
                    GossipCodec.decode(body.op().code(), ByteBuffer.wrap(bytes), 1200), "round trip");
            assertArrayEquals(bytes, GossipCodec.encode(((GossipCodec.Decoded) GossipCodec.decode(body.op().code(),
                    ByteBuffer.wrap(bytes), 1200)).body()), "one encoding");
            byte[] mutated = bytes.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips && mutated.length > 0; i++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            }
            int cut = random.nextInt(mutated.length + 1);
            byte[] truncated = java.util.Arrays.copyOf(mutated, cut);
            assertNotNull(GossipCodec.decode(body.op().code(), ByteBuffer.wrap(mutated), 1200));
            assertNotNull(GossipCodec.decode(body.op().code(), ByteBuffer.wrap(truncated), 1200));
        });
    }

    /** A random reply-to address the codec accepts: drawn again while multicast, wildcard, broadcast or port 0. */
    private static NodeAddress unicast(SplittableRandom random, int ipBytes) {
        NodeAddress a;
        do {
            a = NodeAddress.of(TestRandom.bytes(random, ipBytes), random.nextInt(65536));
        } while (!a.isUnicast());
        return a;
    }

    static GossipBody randomBody(SplittableRandom random) {
        MessageId id = new MessageId(random.nextLong());
        byte[] idBytes = new byte[PeerId.BYTES];
        random.nextBytes(idBytes);
        PeerId origin = PeerId.of(idBytes);
        int age = random.nextInt(256);
        return switch (random.nextInt(6)) {
            case 0 -> {
                byte[] payload = new byte[random.nextInt(200)];
                random.nextBytes(payload);
                byte[] key = new byte[32];
                byte[] signature = new byte[64];
                random.nextBytes(key);
                random.nextBytes(signature);
                yield new GossipBody.Rumor(id, origin, age, payload, new OriginSignature(key, signature));
            }
            case 1 -> {
                Optional<NodeAddress> replyTo = switch (random.nextInt(3)) {
                    case 0 -> Optional.empty();
                    case 1 -> Optional.of(unicast(random, 4));
                    default -> Optional.of(unicast(random, 16));
                };
                yield new GossipBody.SearchRequest(id, origin, age, replyTo, text(random, 1));
            }
            case 2 -> new GossipBody.SearchReply(id, text(random, 0));
            case 3 -> new GossipBody.PullRequest(new long[] {random.nextLong(), random.nextLong()});
            case 4 -> new GossipBody.AddressCheck(random.nextBoolean() ? 0 : random.nextLong());
            default -> {
                long[] ids = new long[random.nextInt(20)];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = random.nextLong();
                }
                yield new GossipBody.Digest(ids);
            }
        };
    }


    /** Letters, digits and some non-ASCII, {@code min}..40 characters. */
    private static String text(SplittableRandom random, int min) {
        String alphabet = "abcXYZ019 -_éß日本";
        StringBuilder s = new StringBuilder();
        int n = min + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
