package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;
import java.util.List;
import peerconnect.testkit.core.TestGens;

/**
 * Decoding is total and encoding round-trips, seeded ({@value #SEED}): random and mutated bodies
 * under every sub-header yield a request or a {@link MalformedBodyException}, never anything else.
 */
class KademliaCodecProperties {
    private static final long SEED = 0x3B0D1E5L;

    @Test
    void decodingAnyBytesYieldsARequestOrATypedRejection() {
        qt().withFixedSeed(SEED).withExamples(5000)
                .forAll(TestGens.bytes(0, 200), integers().between(0, 255))
                .checkAssert((body, header) -> {
                    decodeTotally((byte) (int) header, body);
                    decodeReplyTotally(body);
                });
    }

    @Test
    void mutatedValidBodiesYieldARequestOrATypedRejection() {
        qt().withFixedSeed(SEED + 1).withExamples(3000)
                .forAll(longs().all())
                .checkAssert(seed -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    KademliaCodec.Request request = randomRequest(random);
                    byte[] body = KademliaCodec.encode(request);
                    int flips = 1 + random.nextInt(3);
                    for (int i = 0; i < flips && body.length > 0; i++) {
                        body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    if (random.nextBoolean() && body.length > 0) {
                        body = java.util.Arrays.copyOf(body, random.nextInt(body.length));
                    }
                    decodeTotally(request.op().request(), body);
                });
    }

    @Test
    void requestsRoundTrip() {
        qt().withFixedSeed(SEED + 2).withExamples(2000)
                .forAll(longs().all())
                .checkAssert(seed -> {
                    KademliaCodec.Request request = randomRequest(new SplittableRandom(seed));
                    byte[] body = KademliaCodec.encode(request);
                    KademliaCodec.Request back = KademliaCodec.decodeRequest(request.op().request(), body, 1024);
                    assertArrayEquals(body, KademliaCodec.encode(back));
                    assertEquals(request.op(), back.op());
                });
    }

    private static void decodeTotally(byte header, byte[] body) {
        try {
            KademliaCodec.decodeRequest(header, body, 1024);
        } catch (MalformedBodyException expected) {
            // a typed rejection is fine
        }
    }

    private static void decodeReplyTotally(byte[] body) {
        for (Runnable decode : new Runnable[] {
                () -> ReplyCodec.decodeContacts(body), () -> ReplyCodec.decodeNodes(body),
                () -> ReplyCodec.decodePong(body), () -> ReplyCodec.decodeValueReply(body, 1024),
                () -> ReplyCodec.decodeRecordsReply(body), () -> ReplyCodec.decodeStatus(body),
                () -> Snapshot.decode(body, 1024)}) {
            try {
                decode.run();
            } catch (MalformedBodyException expected) {
                // a typed rejection is fine
            }
        }
    }

    static KademliaCodec.Request randomRequest(SplittableRandom random) {
        PeerId key = PeerId.random(random);
        return switch (random.nextInt(8)) {
            case 0 -> new KademliaCodec.Ping(random.nextBoolean());
            case 1 -> {
                byte[] v = new byte[random.nextInt(1025)];
                random.nextBytes(v);
                yield new KademliaCodec.Store(key, random.nextLong(1L << 32), v);
            }
            case 2 -> new KademliaCodec.FindNode(key, random.nextBoolean());
            case 3 -> new KademliaCodec.FindValue(key);
            case 4 -> {
                byte[] publicKey = new byte[32];
                byte[] signature = new byte[64];
                random.nextBytes(publicKey);
                random.nextBytes(signature);
                yield new KademliaCodec.StorePeerInList(key, new peerconnect.domain.NodeRecord("peer-"
                        + random.nextInt(1000), List.of(RoutingTableProperties.contact(key, random.nextInt(1 << 24))
                        .address()), random.nextLong(), publicKey, signature));
            }
            case 5 -> new KademliaCodec.FindPeerList(key);
            case 6 -> {
                byte[] digest = new byte[KademliaCodec.DIGEST_BYTES];
                random.nextBytes(digest);
                yield new KademliaCodec.Refresh(key, 1 + random.nextLong((1L << 32) - 1), digest);
            }
            default -> new KademliaCodec.SearchPeers(key, "q" + random.nextInt(100));
        };
    }
}
