package peerconnect.app.node;

import peerconnect.app.settings.NodeKeyFile;
import peerconnect.app.settings.NodeSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.spi.LinkedKeyBinding;
import com.google.inject.util.Modules;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerDirectory;
import peerconnect.domain.Scheduler;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/** The Guice composition: one module per adapter, bound through ports, each swappable. */
class NodeCompositionTest {
    @TempDir
    Path dir;

    private NodeSettings settings(String name) throws Exception {
        return new NodeSettings(name, InetAddress.getByName("::"), 0, "", false, Optional.empty(), true, List.of(),
                dir.resolve(name));
    }

    @Test
    void theRealCompositionBindsThePortsToUdpAndTheSystemSchedulerWithoutOpeningAnything() throws Exception {
        Injector injector = Guice.createInjector(PeerNodes.udpModules(settings("real"), NodeTuning.defaults()));
        assertEquals(Key.get(UdpTransport.class), target(injector, DatagramTransport.class));
        assertEquals(Key.get(SystemScheduler.class), target(injector, Scheduler.class));
        assertEquals(Key.get(KademliaNode.class), target(injector, DistributedHashTable.class));
        assertEquals(Key.get(KademliaNode.class), target(injector, PeerDirectory.class));
        // Singletons are made when the lifecycle asks: building the injector touched no disk.
        assertTrue(Files.notExists(dir.resolve("real")));
    }

    @Test
    void aTestSwapsOneModuleAndTheRestOfTheNodeIsUnchanged() throws Exception {
        InMemoryNodeStateStore memoryStore = new InMemoryNodeStateStore();
        try (InMemoryNodes nodes = new InMemoryNodes(41, dir)) {
            NodeSettings settings = settings("swapped");
            List<Module> modules = PeerNodes.inMemoryModules(settings, InMemoryNodes.TUNING, nodes.network,
                    new SplittableRandom(41));
            Module swapped = Modules.override(modules).with(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(NodeStateStore.class).toInstance(memoryStore);
                }
            });
            PeerNode node = PeerNodes.start(List.of(swapped));
            try {
                String key = new String(memoryStore.read(NodeKeyFile.NAME).orElseThrow(), StandardCharsets.US_ASCII);
                assertEquals(node.self().contact().id(), NodeKey.parse(key).peerId(), "the key went to the swapped store");
            } finally {
                node.close();
            }
            assertTrue(memoryStore.read("kademlia-state").isPresent(), "Kademlia saved its state there on close");
            try (Stream<Path> files = Files.list(dir).filter(p -> p.getFileName().toString().equals("swapped"))) {
                assertEquals(0, files.count(), "nothing was written to the data directory");
            }
        }
    }

    @Test
    void theSettingsChooseTheGroupsTheEndpointJoins() throws Exception {
        NodeSettings defaults = settings("g");
        assertEquals(List.of(UdpEndpointConfig.DEFAULT_IPV4_GROUP, UdpEndpointConfig.DEFAULT_IPV6_GROUP),
                UdpNetworkModule.endpointConfig(defaults).groups());
        NodeSettings v6 = new NodeSettings("g", defaults.bind(), 0, "", true, Optional.empty(), true, List.of(),
                defaults.dataDir());
        assertEquals(List.of(UdpEndpointConfig.DEFAULT_IPV6_GROUP), UdpNetworkModule.endpointConfig(v6).groups());
        NodeAddress own = NodeAddress.parse("239.1.2.3:5000");
        NodeSettings given = new NodeSettings("g", defaults.bind(), 7000, "eth9", false, Optional.of(own), true,
                List.of(), defaults.dataDir());
        UdpEndpointConfig config = UdpNetworkModule.endpointConfig(given);
        assertEquals(List.of(own), config.groups());
        assertEquals(7000, config.port());
        assertEquals("eth9", config.networkInterface());
        NodeSettings off = new NodeSettings("g", defaults.bind(), 0, "", false, Optional.of(own), false, List.of(),
                defaults.dataDir());
        assertEquals(List.of(), UdpNetworkModule.endpointConfig(off).groups(), "multicast off joins nothing");
    }

    private static Key<?> target(Injector injector, Class<?> port) {
        return ((LinkedKeyBinding<?>) injector.getBinding(port)).getLinkedKey();
    }
}
