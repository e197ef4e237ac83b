package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RootCode;
import peerconnect.testkit.core.TestBytes;

/**
 * Several nodes on one host (all on loopback): each gets every multicast announcement and every
 * broadcast exactly once, the sender included (multicast loopback), and a unicast answer reaches
 * only the node it is sent to.
 *
 * <p>IPv6 is not here: in the root namespace {@code lo} has no {@code ff00::/8} route (it lacks the
 * MULTICAST flag), so the kernel refuses IPv6 multicast on it with "network unreachable", and tests
 * may not change the root namespace. {@link ThreeNamespacesTest} shows IPv6 multicast between hosts
 * and between two endpoints in one namespace.
 */
class MulticastOnOneHostTest {
    private static final byte NETWORK_FIND = 0x01;
    private final RealTimeScheduler scheduler = new RealTimeScheduler();
    private final List<TestNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(TestNode::close);
        scheduler.close();
    }

    private List<TestNode> nodes(InetAddress bind, NodeAddress group, int count) {
        for (int i = 0; i < count; i++) {
            nodes.add(new TestNode(Loopback.config(bind, List.of(group)), scheduler, 100 + i));
        }
        return nodes;
    }

    @Test
    void ipv4MulticastReachesEveryNodeOnceAndTheAnswerOnlyTheAsker() throws Exception {
        NodeAddress group = new NodeAddress(InetAddress.getByName("239.192.80.67"), Loopback.freePort());
        List<TestNode> all = nodes(Loopback.V4, group, 3);
        everyNodeGetsOneCopy(all, group, "hello v4 group");

        // The others answer the asker by unicast, as discovery does; only the asker gets those.
        TestNode asker = all.get(0);
        all.get(1).dispatcher.send(asker.address(), RootCode.DISCOVERY, (byte) 0x81, TestBytes.utf8("reply 1"));
        all.get(2).dispatcher.send(asker.address(), RootCode.DISCOVERY, (byte) 0x81, TestBytes.utf8("reply 2"));
        assertNotNull(asker.nextRequest(Loopback.PATIENCE));
        assertNotNull(asker.nextRequest(Loopback.PATIENCE));
        assertNull(all.get(1).nextRequest(Duration.ofMillis(200)));
        assertNull(all.get(2).nextRequest(Duration.ZERO));
    }

    @Test
    void ipv4BroadcastReachesEveryNodeListeningOnTheGroupPort() throws Exception {
        int port = Loopback.freePort();
        NodeAddress group = new NodeAddress(InetAddress.getByName("239.192.80.67"), port);
        List<TestNode> all = nodes(Loopback.V4, group, 3);
        // lo's subnet broadcast; 255.255.255.255 would leave through the default-route interface.
        NodeAddress broadcast = new NodeAddress(InetAddress.getByName("127.255.255.255"), port);
        everyNodeGetsOneCopy(all, broadcast, "hello broadcast");
    }

    private static void everyNodeGetsOneCopy(List<TestNode> all, NodeAddress to, String text) throws Exception {
        TestNode sender = all.get(1);
        sender.dispatcher.send(to, RootCode.DISCOVERY, NETWORK_FIND, TestBytes.utf8(text));
        for (TestNode node : all) {
            RequestEvent event = node.nextRequest(Loopback.PATIENCE);
            assertNotNull(event, node.address() + " did not get the datagram sent to " + to);
            assertAll(
                    () -> assertEquals(text, TestBytes.utf8(event.message().body())),
                    () -> assertEquals(sender.dispatcher.localId(), event.message().sender()),
                    // The source is the sender's unicast socket, so an answer reaches it.
                    () -> assertEquals(sender.address(), event.from()));
        }
        Thread.sleep(200); // time for a duplicate to show up, if there were one
        for (TestNode node : all) {
            assertNull(node.nextRequest(Duration.ZERO), node.address() + " got " + to + " twice");
            assertTrue(node.transport.stats().received() >= 1);
        }
    }
}
