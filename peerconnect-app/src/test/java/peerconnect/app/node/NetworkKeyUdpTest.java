package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;

/** Two real nodes on UDP loopback with one network key: they join and share a value, all of it sealed. */
class NetworkKeyUdpTest {
    @TempDir
    Path dir;

    private NodeSettings loopback(String name, List<NodeAddress> peers, NetworkKey key) throws Exception {
        return new NodeSettings(name, InetAddress.getByName("127.0.0.1"), 0, "lo", false, Optional.empty(), false,
                peers, dir.resolve(name)).withNetworkKey(key);
    }

    @Test
    void twoKeyedNodesJoinOverUdpAndShareAValue() throws Exception {
        NetworkKey key = NetworkKey.generate(new SecureRandom());
        try (RunningNode a = PeerNodes.start(loopback("a", List.of(), key));
             RunningNode b = PeerNodes.start(loopback("b", List.of(a.self().contact().address()), key))) {
            // Bounded wait for the background bootstrap: 200 polls of 50 ms.
            for (int i = 0; i < 200 && !(a.dht().isBootstrapped() && b.dht().isBootstrapped()); i++) {
                Thread.sleep(50);
            }
            PeerId k = PeerId.random(new SplittableRandom(5));
            byte[] value = "sealed hello".getBytes(StandardCharsets.UTF_8);
            assertTrue(b.dht().put(k, value).get(10, TimeUnit.SECONDS) >= 1);
            assertArrayEquals(value, a.dht().get(k).get(10, TimeUnit.SECONDS).orElseThrow());

            Map<String, Long> c = a.status().counters();
            assertTrue(c.get("seal.opened") > 0, c.toString());
            assertEquals(0L, c.get("seal.rejectedBadTag") + c.get("seal.rejectedWrongMagic")
                    + c.get("seal.rejectedBadLength"), c.toString());
            // Seal counters are read before the socket's, so a datagram arriving meanwhile only raises the latter.
            assertTrue(c.get("seal.opened") <= c.get("udp.received"), "the seal sits on the UDP socket: " + c);
        }
    }
}
