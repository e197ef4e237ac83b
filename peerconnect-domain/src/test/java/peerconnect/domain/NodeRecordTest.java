package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Signed node records: the byte layout of docs/PROTOCOL.md ("Node records"), total decoding, and the
 * record book's rules (verified once, newer sequence replaces, forgeries and stale copies refused).
 */
class NodeRecordTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final NodeKey ALICE = NodeKey.forSimulation(11);
    private static final NodeKey MALLORY = NodeKey.forSimulation(12);
    private static final NodeAddress HOME = NodeAddress.parse("192.168.1.20:4000");
    private static final NodeAddress V6 = NodeAddress.parse("[2001:db8::1]:80");
    private static final NodeAddress SOURCE = NodeAddress.parse("192.168.1.99:5000");

    private static NodeRecordBook book(int capacity) {
        return new NodeRecordBook(capacity, new SignatureChecker(new SignatureCheckSettings(RateLimit.unlimited(),
                1_024), SignatureVerifier.ed25519(), InstantSource.fixed(Instant.EPOCH)));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void theDocumentedExampleIsByteForByteTheEncoding() {
        NodeRecord r = new NodeRecord("alice", List.of(HOME, V6), 0x0102030405060708L, filled(32, 0x33),
                filled(64, 0x44));
        String expected = "01" + "0102030405060708" + "33".repeat(32) + "05" + "616c696365" + "02"
                + "04" + "c0a80114" + "0fa0" + "06" + "20010db8000000000000000000000001" + "0050" + "44".repeat(64);
        assertEquals(expected, HEX.formatHex(NodeRecordCodec.encode(r)));
        assertEquals(expected.length() / 2, NodeRecordCodec.size(r));
        assertEquals(HEX.formatHex("peerconnect record v1".getBytes(StandardCharsets.US_ASCII))
                + expected.substring(0, expected.length() - 128), HEX.formatHex(r.signedBytes()));
        assertEquals("7065657263" + "6f6e6e6563" + "7420726563" + "6f72642076" + "31",
                HEX.formatHex("peerconnect record v1".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(new NodeRecordCodec.Decoded(r, expected.length() / 2), NodeRecordCodec.decode(HEX.parseHex(expected)));
    }

    @Test
    void aSignedRecordVerifiesNamesThePeerOfItsKeyAndRoundTrips() {
        NodeRecord r = NodeRecord.sign(ALICE, "alice's laptop", List.of(HOME), 42);
        assertAll(() -> assertTrue(r.verify(SignatureVerifier.ed25519())),
                () -> assertEquals(ALICE.peerId(), r.peerId()),
                () -> assertEquals(new NodeRecordCodec.Decoded(r, NodeRecordCodec.size(r)),
                        NodeRecordCodec.decode(NodeRecordCodec.encode(r))));
        assertTrue(NodeRecordCodec.MAX_BYTES <= 1198 / 3, "three of the largest records fit one body: "
                + NodeRecordCodec.MAX_BYTES);
    }

    @Test
    void recordsAreLimitedInNameAndAddresses() {
        assertThrows(IllegalArgumentException.class, () -> NodeRecord.sign(ALICE, "x".repeat(65), List.of(HOME), 1));
        assertThrows(IllegalArgumentException.class, () -> NodeRecord.sign(ALICE, "a", List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> NodeRecord.sign(ALICE, "a",
                List.of(HOME, HOME, HOME, HOME, HOME), 1));
        assertThrows(IllegalArgumentException.class, () -> NodeRecord.sign(ALICE, "a",
                List.of(NodeAddress.parse("239.1.2.3:4000")), 1));
    }

    @Test
    void badBytesAreRefusedWithAReason() {
        byte[] good = NodeRecordCodec.encode(NodeRecord.sign(ALICE, "alice", List.of(HOME), 1));
        byte[] version = good.clone();
        version[0] = 2;
        byte[] family = good.clone();
        family[1 + 8 + 32 + 1 + 5 + 1] = 5;
        byte[] noAddress = good.clone();
        noAddress[1 + 8 + 32 + 1 + 5] = 0;
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertAll(
                () -> assertEquals(new NodeRecordCodec.Rejected(NodeRecordCodec.Rejection.UNKNOWN_VERSION),
                        NodeRecordCodec.decode(version)),
                () -> assertEquals(new NodeRecordCodec.Rejected(NodeRecordCodec.Rejection.BAD_ADDRESS),
                        NodeRecordCodec.decode(family)),
                () -> assertEquals(new NodeRecordCodec.Rejected(NodeRecordCodec.Rejection.BAD_ADDRESS),
                        NodeRecordCodec.decode(noAddress)),
                () -> assertEquals(new NodeRecordCodec.Rejected(NodeRecordCodec.Rejection.TRAILING_BYTES),
                        NodeRecordCodec.decode(trailing)),
                () -> assertEquals(new NodeRecordCodec.Rejected(NodeRecordCodec.Rejection.TRUNCATED),
                        NodeRecordCodec.decode(Arrays.copyOf(good, good.length - 1))));
    }

    /** Any bytes, random or a valid record mutated, decode to a record or a reason; nothing escapes. */
    @Test
    void decodingIsTotalOverRandomAndMutatedBytes() {
        SplittableRandom random = new SplittableRandom(20261202);
        byte[] good = NodeRecordCodec.encode(NodeRecord.sign(ALICE, "alice", List.of(HOME, V6), 1));
        for (int i = 0; i < 100_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[random.nextInt(0, 300)];
                random.nextBytes(b);
            } else {
                b = Arrays.copyOf(good, Math.max(0, good.length + random.nextInt(-5, 5)));
                for (int m = random.nextInt(1, 4); m > 0 && b.length > 0; m--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            assertInstanceOf(NodeRecordCodec.Result.class, NodeRecordCodec.decode(b), "seed 20261202, case " + i);
        }
    }

    @Test
    void aRecordIsVerifiedOnceAndEveryLaterCopyIsKnownWithoutACheck() {
        NodeRecordBook book = book(16);
        NodeRecord r = NodeRecord.sign(ALICE, "alice", List.of(HOME), 1);
        assertInstanceOf(NodeRecordBook.Accepted.class, book.offer(r, SOURCE));
        for (int i = 0; i < 100; i++) {
            assertInstanceOf(NodeRecordBook.Known.class, book.offer(r, SOURCE));
        }
        var counters = CounterSink.collect(List.of(book));
        assertEquals(1L, counters.get("records.accepted"));
        assertEquals(100L, counters.get("records.known"));
    }

    @Test
    void aNewerSequenceReplacesTheOldAndAnOlderOrConflictingOneIsRefusedUnchecked() {
        NodeRecordBook book = book(16);
        NodeRecord first = NodeRecord.sign(ALICE, "alice", List.of(HOME), 10);
        NodeRecord moved = NodeRecord.sign(ALICE, "alice", List.of(V6), 11);
        book.offer(first, SOURCE);
        assertEquals(new NodeRecordBook.Accepted(moved), book.offer(moved, SOURCE));
        assertEquals(new NodeRecordBook.Refused(NodeRecordBook.Reason.STALE, java.util.Optional.of(moved)),
                book.offer(first, SOURCE), "a replayed older record cannot move the peer back");
        NodeRecord sameSequence = NodeRecord.sign(ALICE, "alice", List.of(HOME), 11);
        assertEquals(NodeRecordBook.Reason.CONFLICTING,
                ((NodeRecordBook.Refused) book.offer(sameSequence, SOURCE)).reason());
        assertEquals(java.util.Optional.of(moved), book.get(ALICE.peerId()));
    }

    /**
     * The attack on peer lists: another node offers a record for Alice's id with its own address — by
     * rewriting her record (her key, its content, her old signature) or by signing with its own key
     * (which names its own id, not hers). Neither becomes Alice's record.
     */
    @Test
    void nobodyButTheKeysOwnerCanMakeARecordForItsPeerId() {
        NodeRecordBook book = book(16);
        NodeRecord real = NodeRecord.sign(ALICE, "alice", List.of(HOME), 10);
        book.offer(real, SOURCE);
        NodeAddress evil = NodeAddress.parse("192.168.1.66:4000");
        NodeRecord rewritten = new NodeRecord("alice", List.of(evil), 11, ALICE.publicKey(), real.signature());
        assertEquals(NodeRecordBook.Reason.BAD_SIGNATURE, ((NodeRecordBook.Refused) book.offer(rewritten, SOURCE))
                .reason());
        NodeRecord ownKey = NodeRecord.sign(MALLORY, "alice", List.of(evil), 99);
        assertEquals(MALLORY.peerId(), ownKey.peerId(), "a record signed by Mallory is about Mallory");
        book.offer(ownKey, SOURCE);
        assertEquals(java.util.Optional.of(real), book.get(ALICE.peerId()));
        assertEquals(1L, CounterSink.collect(List.of(book)).get("records.refused.BAD_SIGNATURE"));
    }

    @Test
    void theBookIsBounded() {
        NodeRecordBook book = book(5);
        for (int i = 0; i < 12; i++) {
            book.offer(NodeRecord.sign(NodeKey.forSimulation(100 + i), "n" + i, List.of(HOME), 1), SOURCE);
        }
        assertEquals(5, book.size());
    }
}
