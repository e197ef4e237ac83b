package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipNode;
import peerconnect.adapter.gossip.GossipNodes;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransports;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.PeerContact;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.DatagramReceiver;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerDirectory;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * Nodes on real UDP loopback sockets in one JVM, wired as the app wires them: a UDP endpoint, a
 * dispatcher fed by the transport, a Kademlia node and optionally a gossip
 * node, all on one {@link SystemScheduler}. Every thread it starts carries {@code prefix} in its name,
 * so a test can check that {@link #close()} left none behind.
 */
final class RealUdpCluster implements AutoCloseable {
    /** Bound on every wait for a network future: far above a loopback round trip, even on a loaded host. */
    static final Duration WAIT = Duration.ofSeconds(30);

    final String prefix;
    final InetAddress loopback;
    final SystemScheduler scheduler;
    final SplittableRandom random;
    final List<Member> members = new ArrayList<>();
    private final ThreadFactory receiveThreads;
    private boolean closed;
    private boolean lastStart;

    /** One node and what it runs on. {@code gossip} is null when the cluster was asked for the DHT only. */
    record Member(int index, UdpTransport transport, RequestsDispatcher dispatcher, KademliaNode dht,
                  GossipNode gossip, NodeKey key) {
        PeerContact contact() {
            return dht.self().contact();
        }

        PeerId id() {
            return contact().id();
        }

        String name() {
            return dht.self().name();
        }

        void close() {
            if (gossip != null) {
                gossip.close();
            }
            dht.stop();
            transport.close();
            dispatcher.closeNow();
        }
    }

    RealUdpCluster(String prefix, InetAddress loopback, long seed) {
        this.prefix = prefix;
        this.loopback = loopback;
        this.scheduler = new SystemScheduler(prefix);
        this.random = new SplittableRandom(seed);
        this.receiveThreads = Thread.ofPlatform().daemon().name(prefix + "-receive-", 0).factory();
    }

    /**
     * Opens a node named {@code name} and starts its Kademlia node (not yet bootstrapped).
     *
     * @param gossip    the gossip config, or null for a DHT-only node
     * @param directory where the gossip node finds peers; null means the node's own DHT
     */
    Member add(String name, GossipConfig gossip, PeerDirectory directory) {
        return add(name, NodeKey.forSimulation(random.nextLong()), new InMemoryNodeStateStore(), gossip, directory);
    }

    /** As {@link #add(String, GossipConfig, PeerDirectory)}, with a given key and state store (a restart). */
    Member add(String name, NodeKey key, NodeStateStore store, GossipConfig gossip, PeerDirectory directory) {
        PeerId id = key.peerId();
        UdpEndpointConfig config = UdpEndpointConfig.defaults().withBind(loopback, 0).withGroups(List.of())
                .withNetworkInterface(loopback.getHostAddress());
        UdpTransport transport = UdpTransports.create(config, scheduler, receiveThreads);
        RequestsDispatcher dispatcher;
        KademliaNode dht;
        GossipNode gossipNode = null;
        try {
            dispatcher = RequestsDispatcher.builder(id).transport(transport).scheduler(scheduler).random(random.split())
                    .build();
            dht = KademliaNodes.create(KademliaConfig.defaults(),
                    new PeerRecord(new PeerContact(id, transport.localAddress()), name), java.util.Optional.of(key),
                    dispatcher, scheduler, random.split(), store, new peerconnect.domain.SignatureChecker(
                            peerconnect.domain.SignatureCheckSettings.defaults(),
                            peerconnect.domain.SignatureVerifier.ed25519(), scheduler.clock()));
            if (gossip != null) {
                gossipNode = GossipNodes.create(gossip, key, name, dispatcher, scheduler, random.split(),
                        directory == null ? dht : directory);
            }
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        Member m = new Member(members.size(), transport, dispatcher, dht, gossipNode, key);
        members.add(m);
        transport.start(dispatcher);
        lastStart = await(dht.start(), "start of " + name);
        return m;
    }

    /** What the last added node's {@code start()} completed with: whether a saved contact answered. */
    boolean lastStartRejoined() {
        return lastStart;
    }

    /** Joins {@code m} through one node picked at random among those added before it. */
    boolean joinThroughEarlier(Member m) {
        Member via = members.get(random.nextInt(m.index()));
        return await(m.dht().bootstrap(List.of(via.transport().localAddress())), "bootstrap of " + m.name());
    }

    /** A member picked at random, other than {@code not} (may be null), among {@code live}. */
    Member pick(List<Member> live, Member not) {
        Member m;
        do {
            m = live.get(random.nextInt(live.size()));
        } while (m == not);
        return m;
    }

    /** The future's value, waiting at most {@link #WAIT}; a failure or time-out fails the test with {@code what}. */
    static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + WAIT, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }

    /** Whether a UDP socket can be bound on {@code address} here (IPv6 may be disabled). */
    static boolean canBind(InetAddress address) {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Threads of this cluster still alive (receive loops, the scheduler's timer). */
    List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix + "-"))
                .map(Thread::getName).sorted().toList();
    }

    /** Closes every node, then the scheduler; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Member m : members) {
                m.close();
            }
        } finally {
            scheduler.close();
        }
    }

    /** Closes the cluster and fails if any of its threads outlived it. */
    void closeAndCheckThreads() {
        close();
        assertEquals(List.of(), liveThreads(), "threads left after closing " + prefix);
    }
}
