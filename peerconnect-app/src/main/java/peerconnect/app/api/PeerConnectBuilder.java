package peerconnect.app.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import peerconnect.app.node.LibraryNode;
import peerconnect.app.settings.NodeSettings;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RateLimiterSettings;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RootCode;
import peerconnect.ports.memory.InMemoryNetwork;

/**
 * Builds and starts one node. Every field has a default: a node named after its peer id, on every
 * interface ({@code ::}) at a free port, LAN discovery, its state in memory only, unsealed, the
 * default rate limits, on UDP with real time. Not thread-safe; build on one thread.
 */
public final class PeerConnectBuilder {
    /** Peer events that may wait for a slow listener before the newest are dropped: a burst of a whole table. */
    public static final int EVENT_QUEUE = 1_024;

    private String name = "";
    private InetAddress bind = wildcard();
    private int port;
    private String networkInterface = "";
    private Discovery discovery = Discovery.LAN;
    private final List<NodeAddress> peers = new ArrayList<>();
    private Optional<Path> dataDir = Optional.empty();
    private Optional<NetworkKey> networkKey = Optional.empty();
    private RateLimiterSettings rateLimits = RateLimiterSettings.defaults();
    private final Map<RootCode, RequestHandler> handlers = new LinkedHashMap<>();
    private final List<PeerListener> listeners = new ArrayList<>();
    private Optional<InMemoryNetwork> network = Optional.empty();
    private Optional<RandomGenerator> random = Optional.empty();

    PeerConnectBuilder() {
    }

    /**
     * The display name others find the node by (default: derived from the peer id).
     *
     * @param name the display name
     * @return this builder
     */
    public PeerConnectBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * The local address of the unicast socket (default {@code ::}, every interface).
     *
     * @param address a local address
     * @return this builder
     */
    public PeerConnectBuilder bind(InetAddress address) {
        this.bind = Objects.requireNonNull(address, "address");
        return this;
    }

    /**
     * The local unicast port (default 0: any free one).
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public PeerConnectBuilder port(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        this.port = port;
        return this;
    }

    /**
     * The interface for multicast, by name or address (default: chosen automatically).
     *
     * @param nameOrAddress an interface name (e.g. {@code eth0}) or one of its addresses
     * @return this builder
     */
    public PeerConnectBuilder networkInterface(String nameOrAddress) {
        this.networkInterface = Objects.requireNonNull(nameOrAddress, "nameOrAddress");
        return this;
    }

    /**
     * How the node finds peers on the LAN (default {@link Discovery#LAN}).
     *
     * @param discovery the discovery mode
     * @return this builder
     */
    public PeerConnectBuilder discovery(Discovery discovery) {
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        return this;
    }

    /**
     * Addresses to join through, besides discovery.
     *
     * @param addresses the peers' unicast addresses
     * @return this builder
     */
    public PeerConnectBuilder peers(NodeAddress... addresses) {
        for (NodeAddress a : addresses) {
            peers.add(Objects.requireNonNull(a, "address"));
        }
        return this;
    }

    /**
     * Keeps the node key, contacts and values in {@code directory} (default: in memory, lost on close).
     *
     * @param directory the data directory (made if missing)
     * @return this builder
     */
    public PeerConnectBuilder dataDirectory(Path directory) {
        this.dataDir = Optional.of(directory);
        return this;
    }

    /**
     * Seals every datagram under {@code key}: only nodes with the same key hear each other.
     *
     * @param key the network key
     * @return this builder
     */
    public PeerConnectBuilder networkKey(NetworkKey key) {
        this.networkKey = Optional.of(key);
        return this;
    }

    /**
     * Limits on received datagrams per source address, per prefix and in total.
     *
     * @param limits the limits
     * @return this builder
     */
    public PeerConnectBuilder rateLimits(RateLimiterSettings limits) {
        this.rateLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Registers {@code handler} for application code {@code code} before the node receives anything.
     *
     * @param code an application root code
     * @param handler answers the requests of {@code code}
     * @return this builder
     * @throws peerconnect.domain.InvalidRootCodeException if {@code code} is a built-in code
     * @throws IllegalStateException if {@code code} already has a handler
     */
    public PeerConnectBuilder handler(RootCode code, RequestHandler handler) {
        EmbeddedNode.checkApplication(code);
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(code, handler) != null) {
            throw new IllegalStateException("a handler for root code " + code + " is already given");
        }
        return this;
    }

    /**
     * Adds a listener of joined/left events.
     *
     * @param listener told of each event, off the receive thread
     * @return this builder
     */
    public PeerConnectBuilder peerListener(PeerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Runs the node on {@code network} in its virtual time instead of UDP, with {@code random} for all its
     * draws: an application's tests run many nodes in milliseconds, reproducibly. Start, drive and close
     * such a node on the thread that runs the network's scheduler.
     *
     * @param network the in-memory network to join
     * @param random the node's seeded source of randomness
     * @return this builder
     */
    public PeerConnectBuilder inMemory(InMemoryNetwork network, RandomGenerator random) {
        this.network = Optional.of(network);
        this.random = Optional.of(random);
        return this;
    }

    /**
     * Starts the node and returns once it is up; discovery and joining go on in the background.
     *
     * @return the running node
     * @throws NodeStartFailedException if a step fails (port in use, no such interface, unusable data directory)
     */
    public PeerConnectNode start() {
        boolean memoryState = dataDir.isEmpty();
        // The settings want a directory; with the state in memory nothing is written to it.
        Path dir = dataDir.orElse(Path.of(System.getProperty("java.io.tmpdir"), "peerconnect-memory"));
        NodeSettings settings = new NodeSettings(name, bind, port, networkInterface, false, Optional.empty(),
                discovery == Discovery.LAN, peers, dir, networkKey, rateLimits);
        LibraryNode node;
        try {
            node = LibraryNode.start(settings, network, random, memoryState);
        } catch (RuntimeException e) {
            throw new NodeStartFailedException("node did not start: " + e.getMessage(), e);
        }
        return EmbeddedNode.start(node, handlers, listeners, network.isPresent());
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByName("::");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the wildcard address always parses", e);
        }
    }
}
