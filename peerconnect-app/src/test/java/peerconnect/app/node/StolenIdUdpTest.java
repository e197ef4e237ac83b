package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.kademlia.RejectReason;
import peerconnect.app.node.RealUdpCluster.Member;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.NodeRecordCodec;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;

/**
 * Over real UDP on loopback, an attacker with plain sockets answers Kademlia PINGs written by hand
 * (docs/PROTOCOL.md, "Contacts prove their id"): first as a silent peer, with that peer's real record
 * (which it fetched itself with a record request), then as a made-up id with a record of its own key.
 * Neither id enters the target's routing table at the attacker's address, and each refusal is counted
 * under its reason.
 */
class StolenIdUdpTest {
    private static final byte PING = 0x01;
    private static final byte PING_REPLY = (byte) 0x81;

    private RealUdpCluster cluster;

    @AfterEach
    void closeEverything() {
        if (cluster != null) {
            cluster.closeAndCheckThreads();
        }
    }

    private static NodeAddress addressOf(DatagramSocket s) {
        return new NodeAddress(s.getLocalAddress(), s.getLocalPort());
    }

    private static void send(DatagramSocket s, NodeAddress to, byte[] datagram) throws java.io.IOException {
        s.send(new DatagramPacket(datagram, datagram.length, to.ip(), to.port()));
    }

    /** The next decoded datagram on {@code s}, or null after {@code millis}. */
    private static Message receive(DatagramSocket s, EnvelopeCodec codec, int millis) throws java.io.IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.setSoTimeout(millis);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return codec.decode(Arrays.copyOf(buf, p.getLength())) instanceof DecodeResult.Decoded d ? d.message() : null;
    }

    private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();

    /** Answers every Kademlia PING on {@code s} as {@code as} with {@code record}, for {@code millis} at most. */
    private Thread answerPings(DatagramSocket s, EnvelopeCodec codec, PeerId as, NodeRecord record, long millis) {
        Thread t = Thread.ofPlatform().daemon().name("attacker-answering-pings").start(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < until && !stop.get()) {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                    s.setSoTimeout(100);
                    s.receive(p);
                    if (codec.decode(Arrays.copyOf(p.getData(), p.getLength())) instanceof DecodeResult.Decoded d
                            && d.message().rootCode() == RootCode.KADEMLIA && d.message().op() == PING) {
                        byte[] reply = codec.encode(d.message().replyWith(PING_REPLY, as, NodeRecordCodec.encode(record)));
                        s.send(new DatagramPacket(reply, reply.length, p.getAddress(), p.getPort()));
                    }
                } catch (SocketTimeoutException e) {
                    // keep answering until the deadline
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        return t;
    }

    @Test
    void anAttackerOnLoopbackCannotTakeOverASilentPeersIdNorClaimOneItDoesNotOwn() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        cluster = new RealUdpCluster("stolen-id", loopback, 2323);
        List<Member> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Member m = cluster.add("node-" + i, null, null);
            if (i > 0) {
                assertTrue(cluster.joinThroughEarlier(m), m.name() + " could not join");
            }
            nodes.add(m);
        }
        Member target = nodes.get(0);
        Member victim = nodes.get(2);
        assertTrue(target.dht().knownPeers().contains(victim.contact()));
        EnvelopeCodec codec = EnvelopeCodec.create();
        NodeKey attackerKey = NodeKey.forSimulation(-2323);
        try (DatagramSocket thief = new DatagramSocket(0, loopback); DatagramSocket claimer = new DatagramSocket(0, loopback)) {
            // The attacker asks the victim for its record, as any peer may (a PING with a record request).
            byte[] ask = new byte[60];
            ask[0] = 0x01;
            send(thief, victim.contact().address(), codec.encode(Message.request(RootCode.KADEMLIA, PING,
                    new MessageId(1), attackerKey.peerId(), ask)));
            // The victim also pings the unknown sender back (its admission check): skip that.
            Message pong = receive(thief, codec, 5_000);
            for (int i = 0; i < 5 && pong != null && pong.op() != PING_REPLY; i++) {
                pong = receive(thief, codec, 5_000);
            }
            assertTrue(pong != null && pong.op() == PING_REPLY, "the victim answered with its record");
            NodeRecord real = ((NodeRecordCodec.Decoded) NodeRecordCodec.decode(pong.body())).record();
            assertEquals(victim.id(), real.peerId());
            victim.close(); // silent from now on

            PeerId madeUp = PeerId.fromHex("5a".repeat(20));
            NodeRecord own = NodeRecord.sign(attackerKey, "mallory", List.of(addressOf(claimer)), 1);
            Thread a = answerPings(thief, codec, victim.id(), real, 8_000);
            Thread b = answerPings(claimer, codec, madeUp, own, 8_000);
            // As an announcement would make it: the target bootstraps from each attacker address.
            RealUdpCluster.await(target.dht().bootstrap(List.of(addressOf(thief))), "bootstrap from the thief");
            RealUdpCluster.await(target.dht().bootstrap(List.of(addressOf(claimer))), "bootstrap from the claimer");
            send(thief, target.contact().address(), codec.encode(Message.request(RootCode.KADEMLIA, PING,
                    new MessageId(2), victim.id(), new byte[0])));
            Thread.sleep(1_000);
            stop.set(true);
            List<PeerContact> known = target.dht().knownPeers();
            Map<RejectReason, Long> refused = target.dht().stats().rejected();
            assertAll(() -> assertFalse(known.contains(new PeerContact(victim.id(), addressOf(thief))), known.toString()),
                    () -> assertFalse(known.stream().anyMatch(c -> c.id().equals(madeUp)), known.toString()),
                    () -> assertTrue(refused.getOrDefault(RejectReason.ADDRESS_NOT_IN_RECORD, 0L) >= 1, refused.toString()),
                    () -> assertEquals(1L, refused.getOrDefault(RejectReason.RECORD_OF_ANOTHER_ID, 0L), refused.toString()));
            a.join(10_000);
            b.join(10_000);
        }
    }
}
