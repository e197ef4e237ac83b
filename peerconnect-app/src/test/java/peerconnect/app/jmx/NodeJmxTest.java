package peerconnect.app.jmx;

import peerconnect.app.node.InMemoryNodes;
import peerconnect.app.node.PeerNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running node's counters through the platform MBean server, as jconsole would read them. */
class NodeJmxTest {
    @TempDir
    Path dir;

    @Test
    void aRunningNodePublishesItsCountersAndWithdrawsThemOnClose() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (InMemoryNodes nodes = new InMemoryNodes(31, dir)) {
            List<PeerNode> two = nodes.startMany("j", 2);
            PeerNode node = two.get(0);
            ObjectName nodeName = NodeJmx.objectName(node.self().contact().id());
            ObjectName dispatcherName = DispatcherJmx.objectName(node.self().contact().id());
            assertTrue(server.isRegistered(nodeName));
            assertTrue(server.isRegistered(dispatcherName));
            assertEquals(false, server.getAttribute(nodeName, "Bootstrapped"));

            nodes.run(Duration.ofSeconds(20));
            assertEquals(true, server.getAttribute(nodeName, "Bootstrapped"));
            assertEquals(node.self().contact().id().toHex(), server.getAttribute(nodeName, "PeerId"));
            assertEquals(1, server.getAttribute(nodeName, "KnownPeers"));
            assertEquals("Joined[]", server.getAttribute(nodeName, "DiscoveryState"));
            TabularData counters = (TabularData) server.getAttribute(nodeName, "Counters");
            CompositeData answered = counters.get(new Object[] {"discovery.repliesAccepted"});
            assertTrue((Long) answered.get("value") > 0, "live discovery counter: " + answered);
            assertTrue(counters.containsKey(new Object[] {"kademlia.rpcAttempts"}));
            assertTrue(counters.containsKey(new Object[] {"gossip.published"}));
            assertTrue((Long) server.getAttribute(dispatcherName, "Received") > 0);

            node.close();
            assertFalse(server.isRegistered(nodeName));
            assertFalse(server.isRegistered(dispatcherName));
        }
    }
}
