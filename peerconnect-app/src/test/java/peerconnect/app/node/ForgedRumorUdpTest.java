package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipRejection;
import peerconnect.app.node.RealUdpCluster.Member;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.ports.GossipMessage;

/**
 * An attacker with a plain UDP socket on loopback sends gossip datagrams written by hand, as
 * docs/PROTOCOL.md lays them out, to real nodes: a rumor under another node's id signed with its own
 * key, one with that node's real key and a made-up signature, and one in the old unsigned layout. No
 * node delivers any of them (so no console prints {@code gossip from <victim>}), each is counted
 * under its reason, and a rumor the attacker signs as itself arrives with the attacker as its origin.
 */
class ForgedRumorUdpTest {
    private static final byte SIGNED_MESSAGE = 0x09;
    private static final byte MESSAGE = 0x01;
    private static final byte[] TAG = "peerconnect rumor v1".getBytes(StandardCharsets.US_ASCII);

    private RealUdpCluster cluster;

    @AfterEach
    void closeEverything() {
        if (cluster != null) {
            cluster.closeAndCheckThreads();
        }
    }

    private static byte[] rumor(long id, PeerId origin, byte[] payload, byte[] key, byte[] signature) {
        return ByteBuffer.allocate(31 + payload.length + 96).putLong(id).put(origin.toBytes()).put((byte) 0)
                .putShort((short) payload.length).put(payload).put(key).put(signature).array();
    }

    private static byte[] signed(long id, PeerId origin, byte[] payload) {
        return ByteBuffer.allocate(TAG.length + 30 + payload.length).put(TAG).putLong(id).put(origin.toBytes())
                .putShort((short) payload.length).put(payload).array();
    }

    @Test
    void forgedRumorsOverRealUdpAreDroppedAndCountedAndAnHonestOneKeepsItsOrigin() throws Exception {
        cluster = new RealUdpCluster("forged-rumor", InetAddress.getByName("127.0.0.1"), 1717);
        List<Member> nodes = new ArrayList<>();
        List<List<GossipMessage>> delivered = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Member m = cluster.add("node-" + i, GossipConfig.defaults(), null);
            if (i > 0) {
                assertTrue(cluster.joinThroughEarlier(m), m.name() + " could not join");
            }
            List<GossipMessage> mine = new CopyOnWriteArrayList<>();
            m.gossip().subscribe(mine::add);
            nodes.add(m);
            delivered.add(mine);
        }
        Member victim = nodes.get(0);
        NodeKey attacker = NodeKey.forSimulation(-1717);
        byte[] payload = "transfer everything to mallory".getBytes(StandardCharsets.UTF_8);
        EnvelopeCodec codec = EnvelopeCodec.create();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            long envelope = 1;
            for (Member target : nodes.subList(1, nodes.size())) {
                List<byte[]> bodies = List.of(
                        // The victim's id as origin, signed by the attacker's key.
                        rumor(101, victim.id(), payload, attacker.publicKey(), attacker.sign(signed(101, victim.id(),
                                payload))),
                        // The victim's id and real public key, a made-up signature.
                        rumor(102, victim.id(), payload, victim.key().publicKey(), new byte[64]));
                for (byte[] body : bodies) {
                    send(socket, codec, target, SIGNED_MESSAGE, envelope++, attacker.peerId(), body);
                }
                // The old unsigned layout: id, origin, age, length, payload.
                send(socket, codec, target, MESSAGE, envelope++, attacker.peerId(), ByteBuffer
                        .allocate(31 + payload.length).putLong(103).put(victim.id().toBytes()).put((byte) 0)
                        .putShort((short) payload.length).put(payload).array());
            }
            // The attacker publishing as itself, validly: that is allowed, and shows as its own.
            byte[] honest = "hello from mallory".getBytes(StandardCharsets.UTF_8);
            send(socket, codec, nodes.get(1), SIGNED_MESSAGE, envelope, attacker.peerId(),
                    rumor(104, attacker.peerId(), honest, attacker.publicKey(), attacker.sign(signed(104,
                            attacker.peerId(), honest))));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && delivered.stream().anyMatch(List::isEmpty)) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // let any stray forgery arrive, if one had got through
        for (int i = 0; i < nodes.size(); i++) {
            List<GossipMessage> got = delivered.get(i);
            assertTrue(got.stream().noneMatch(m -> m.origin().equals(victim.id())), "node " + i + " got " + got);
            assertTrue(got.stream().allMatch(m -> m.id().equals(new MessageId(104))
                    && m.origin().equals(attacker.peerId())), "node " + i + " got " + got);
        }
        assertEquals(1, delivered.get(2).size(), "the attacker's own rumor spread, with its own origin");
        for (Member target : nodes.subList(1, nodes.size())) {
            var rejected = target.gossip().stats().rejected();
            assertAll(target.name(),
                    () -> assertEquals(1L, rejected.get(GossipRejection.ORIGIN_NOT_KEY)),
                    () -> assertEquals(1L, rejected.get(GossipRejection.BAD_SIGNATURE)),
                    () -> assertEquals(1L, rejected.get(GossipRejection.UNSIGNED)));
        }
    }

    private static void send(DatagramSocket socket, EnvelopeCodec codec, Member to, byte op, long envelope,
                             PeerId as, byte[] body) throws java.io.IOException {
        byte[] datagram = codec.encode(Message.request(RootCode.GOSSIP, op, new MessageId(envelope), as, body));
        var address = to.contact().address();
        socket.send(new DatagramPacket(datagram, datagram.length, address.ip(), address.port()));
    }
}
