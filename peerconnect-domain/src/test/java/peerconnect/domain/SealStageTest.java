package peerconnect.domain;

import peerconnect.testkit.core.TestRandom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The network key as a stage: opening from arrays and buffers, replays, and its counters. */
class SealStageTest {
    private static final NetworkKey KEY = NetworkKey.generate(TestRandom.secure(1));

    private final DatagramSeal peer = DatagramSeal.create(KEY, TestRandom.secure(8));
    private final SealStage stage = SealStage.create(DatagramSeal.create(KEY, TestRandom.secure(9)));

    @Test
    void theBufferPathOpensAndForwardsOnlyThePlaintext() {
        byte[] plain = {9, 8, 7};
        byte[] onTheWire = peer.seal(plain);
        assertEquals(plain.length + DatagramSeal.OVERHEAD_BYTES, onTheWire.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(2048);
        direct.put(onTheWire).flip();

        Optional<byte[]> opened = stage.open(direct);
        onTheWire[20] ^= 1;
        Optional<byte[]> tampered = stage.open(ByteBuffer.wrap(onTheWire));

        assertArrayEquals(plain, opened.orElseThrow());
        assertEquals(0, direct.position(), "the buffer is left as it was");
        assertTrue(tampered.isEmpty());
        assertEquals(new SealStats(0, 1, 0, 0, 1, 0), stage.stats());
    }

    @Test
    void aReplayedDatagramIsRefusedAndCountedOnBothPaths() {
        byte[] first = peer.seal(new byte[] {1});
        byte[] second = peer.seal(new byte[] {2});

        assertArrayEquals(new byte[] {2}, stage.open(ByteBuffer.wrap(second)).orElseThrow());
        assertArrayEquals(new byte[] {1}, stage.open(ByteBuffer.wrap(first)).orElseThrow(), "reordered: still new");
        assertTrue(stage.open(ByteBuffer.wrap(first.clone())).isEmpty(), "a replay as an array");
        ByteBuffer offset = ByteBuffer.allocate(100).position(7);
        offset.put(second).flip().position(7);
        assertTrue(stage.open(offset).isEmpty(), "a replay in a buffer, at an offset");

        assertEquals(new SealStats(0, 2, 0, 0, 0, 2), stage.stats());
        assertEquals(2, stage.stats().rejected());
    }

    @Test
    void shortAndUnsealedDatagramsAreCountedByReason() {
        assertTrue(stage.open(ByteBuffer.wrap(new byte[3])).isEmpty());
        assertTrue(stage.open(ByteBuffer.wrap(new byte[EnvelopeCodec.HEADER_BYTES])).isEmpty());
        assertEquals(new SealStats(0, 0, 1, 1, 0, 0), stage.stats());
    }

    @Test
    void itReportsEverySealCounterUnderItsName() {
        stage.countSent();
        stage.countRateLimited();
        Map<String, Long> counters = new LinkedHashMap<>();
        stage.reportCounters(counters::put);
        assertEquals(Map.of("seal.sealed", 1L, "seal.opened", 0L, "seal.rejectedBadLength", 0L,
                "seal.rejectedWrongMagic", 0L, "seal.rejectedBadTag", 0L, "seal.rejectedReplayed", 0L,
                "seal.rateLimited", 1L), counters);
    }
}
