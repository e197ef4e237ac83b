package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;

/** Each malformed request a node receives is counted under its reason, unanswered, and the node keeps serving. */
class RejectionCountsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String CONTACT_ID = "aa".repeat(20);

    /** One malformed example per check of a request body. */
    private record Row(int op, String hex, RejectReason reason) { }

    private static final List<Row> ROWS = List.of(
            new Row(0x7f, "", RejectReason.UNKNOWN_SUB_HEADER),
            new Row(0x01, "00", RejectReason.TRAILING_BYTES),
            new Row(0x03, "aabb", RejectReason.TRUNCATED),
            new Row(0x02, "aa".repeat(20) + "00000e10" + "ffff", RejectReason.VALUE_TOO_LARGE),
            // A peer-list record in the old unsigned layout (it starts with an address family).
            new Row(0x05, "00".repeat(20) + "04" + CONTACT_ID + "0a000001" + "0fa0" + "00", RejectReason.UNSIGNED_RECORD),
            // A signed record with a version that is none, and one whose address is multicast.
            new Row(0x05, "00".repeat(20) + "05" + CONTACT_ID, RejectReason.BAD_RECORD),
            new Row(0x05, "00".repeat(20) + "01" + "00".repeat(8) + "33".repeat(32) + "00" + "01" + "04e00000010fa0"
                    + "44".repeat(64), RejectReason.BAD_RECORD),
            // No request carries a bare contact since records are signed: a contact's family and
            // unicast address are checked in replies (KademliaCodecTest) and inside records.
            new Row(0x07, "00".repeat(20) + "41" + "61".repeat(65), RejectReason.BAD_NAME));

    @Test
    void everyMalformedRequestIsCountedUnderItsReasonAndGetsNoAnswer() {
        Cluster cluster = new Cluster(31);
        Cluster.Member target = cluster.add("target");
        target.node().start();
        InMemoryEndpoint attacker = cluster.network.endpoint();
        PeerId attackerId = PeerId.fromHex("ab".repeat(20));
        EnvelopeCodec codec = EnvelopeCodec.create();
        Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
        long id = 1;
        for (Row row : ROWS) {
            attacker.send(target.contact().address(), codec.encode(Message.request(RootCode.KADEMLIA,
                    (byte) row.op(), new MessageId(id++), attackerId, HEX.parseHex(row.hex()))));
            expected.merge(row.reason(), 1L, Long::sum);
        }
        cluster.runFor(Duration.ofSeconds(1));

        KademliaStats stats = target.node().stats();
        assertEquals(expected, stats.rejected());
        assertEquals(0, stats.requestsHandled());
        assertEquals(0, stats.routingTableSize(), "a rejected request teaches the node no contact");
        assertEquals(0, target.dispatcher().stats().handlerFailures());

        Cluster.Member honest = cluster.add("honest");
        honest.node().start();
        assertEquals(true, cluster.await(honest.node().bootstrap(List.of(target.contact().address()))),
                "the node still answers");
    }
}
