package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestGens;

class PeerIdTest {
    @Test
    void randomIdsComeFromTheInjectedGenerator() {
        assertEquals(PeerId.random(new SplittableRandom(7)), PeerId.random(new SplittableRandom(7)));
        assertNotEquals(PeerId.random(new SplittableRandom(7)), PeerId.random(new SplittableRandom(8)));
    }

    @Test
    void hexFormRoundTrips() {
        PeerId id = PeerId.random(new SplittableRandom(1));
        assertEquals(40, id.toHex().length());
        assertEquals(id, PeerId.fromHex(id.toHex()));
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromHex("abcd"));
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(new byte[19]));
    }

    @Test
    void commonPrefixLengthByExample() {
        PeerId zero = PeerId.fromHex("00".repeat(20));
        assertEquals(160, zero.commonPrefixLength(zero));
        assertEquals(0, zero.commonPrefixLength(PeerId.fromHex("80" + "00".repeat(19))));
        assertEquals(7, zero.commonPrefixLength(PeerId.fromHex("01" + "00".repeat(19))));
        assertEquals(159, zero.commonPrefixLength(PeerId.fromHex("00".repeat(19) + "01")));
    }

    @Test
    void xorIsAMetric() {
        qt().withFixedSeed(11).withExamples(1_000)
                .forAll(TestGens.peerIds(), TestGens.peerIds(), TestGens.peerIds())
                .checkAssert((a, b, c) -> {
                    PeerId zero = PeerId.fromHex("00".repeat(20));
                    assertEquals(zero, a.distance(a));
                    assertEquals(a.distance(b), b.distance(a));
                    // Unidirectional: for a given a and distance, exactly one b.
                    assertEquals(b, a.distance(a.distance(b)));
                    // XOR's triangle inequality: d(a,c) <= d(a,b) XOR-sum, which bounds it by d(a,b) + d(b,c).
                    var ab = new java.math.BigInteger(1, a.distance(b).toBytes());
                    var bc = new java.math.BigInteger(1, b.distance(c).toBytes());
                    var ac = new java.math.BigInteger(1, a.distance(c).toBytes());
                    assertTrue(ac.compareTo(ab.add(bc)) <= 0);
                    assertEquals(a.commonPrefixLength(b), Math.min(160, 160 - ab.bitLength()));
                });
    }

    @Test
    void compareDistancesOrdersAsTheDistancesThemselves() {
        qt().withFixedSeed(12).withExamples(1_000)
                .forAll(TestGens.peerIds(), TestGens.peerIds(), TestGens.peerIds())
                .checkAssert((a, b, target) -> {
                    int expected = Integer.signum(a.distance(target).compareTo(b.distance(target)));
                    assertEquals(expected, Integer.signum(target.compareDistances(a, b)));
                    assertEquals(0, target.compareDistances(a, a));
                    assertTrue(target.compareDistances(target, a) <= 0, "nothing is closer than the id itself");
                });
    }

    @Test
    void compareDistancesByExample() {
        PeerId target = PeerId.fromHex("f0" + "00".repeat(19));
        assertEquals(-1, target.compareDistances(PeerId.fromHex("f1" + "00".repeat(19)),
                PeerId.fromHex("e0" + "00".repeat(19)))); // 0x01.. < 0x10..
        assertEquals(1, target.compareDistances(PeerId.fromHex("00".repeat(20)),
                PeerId.fromHex("7f" + "00".repeat(19)))); // 0xf0.. > 0x8f..
    }
}
