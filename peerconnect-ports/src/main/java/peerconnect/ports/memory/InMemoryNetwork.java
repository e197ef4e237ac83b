package peerconnect.ports.memory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import peerconnect.domain.MessageTooLargeException;
import peerconnect.domain.NodeAddress;

/**
 * A simulated LAN in one JVM: endpoints that exchange datagrams through a {@link VirtualTimeScheduler}
 * under {@link NetworkConditions}, with partitions, multicast groups and broadcast.
 *
 * <p><b>Deterministic.</b> Every random choice (loss, latency, duplication) comes from one generator
 * seeded at construction, drawn in the order datagrams are sent; addresses are allocated in order;
 * multicast and broadcast copies go out in join/start order. The same seed and the same calls
 * therefore produce the same deliveries at the same virtual instants.
 *
 * <p><b>Semantics.</b> As with UDP, a datagram the network cannot deliver is silently dropped and
 * counted ({@link TrafficStats}), never reported to the sender. Loss, duplication and partitions
 * are decided when a datagram is sent; whether its receiver still listens is decided when it
 * arrives. An endpoint receives only between {@link InMemoryEndpoint#start start} and
 * {@link InMemoryEndpoint#close close}. Addresses:
 * <ul>
 *   <li>{@link #endpoint()} allocates {@code 198.18.0.1:4000}, {@code 198.18.0.2:4000}, … from the
 *       RFC 2544 benchmarking range 198.18.0.0/15, which no real network routes, so a simulated
 *       address leaking into a real socket goes nowhere;</li>
 *   <li>a multicast address is a group: each endpoint that {@linkplain InMemoryEndpoint#joinGroup
 *       joined} that exact group address and port gets a copy, the sender too if it joined
 *       (multicast loopback is on, as {@code IP_MULTICAST_LOOP} is by default on real hosts);</li>
 *   <li>{@code 255.255.255.255:port} ({@link #broadcastAddress}) reaches every started endpoint
 *       bound to that port, the sender included.</li>
 * </ul>
 * Each copy of a multicast or broadcast is subject to loss, latency and partitions on its own.
 *
 * <p><b>Not thread-safe</b>: confined, like its scheduler, to the thread that drives the scheduler.
 * No thread per endpoint; an endpoint is a few small objects, so 10,000+ fit easily.
 */
public final class InMemoryNetwork {

    /** Port of every endpoint {@link #endpoint()} allocates: fixed, so broadcast discovery finds them all. */
    public static final int DEFAULT_PORT = 4000;

    /** Largest datagram accepted: the largest UDP payload over IPv4 (65,535 - 20 - 8). */
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    // 198.18.0.0/15 (RFC 2544): 2^17 addresses; .0.0 and .255.255 are left out as network/broadcast.
    private static final int BENCHMARK_NETWORK = (198 << 24) | (18 << 16);
    private static final int BENCHMARK_HOSTS = (1 << 17) - 2;
    // Port 0 asks for an ephemeral port; IANA's dynamic range, as real stacks use.
    private static final int FIRST_EPHEMERAL_PORT = 49_152;
    private static final InetAddress LIMITED_BROADCAST = ipv4(0xffffffff);

    private final VirtualTimeScheduler scheduler;
    private final RandomGenerator random;
    private final Map<NodeAddress, InMemoryEndpoint> endpoints = new HashMap<>();
    // Linked sets: fan-out order is join/start order, which keeps multicast deterministic.
    private final Map<NodeAddress, Set<InMemoryEndpoint>> groups = new HashMap<>();
    private final Map<Integer, Set<InMemoryEndpoint>> startedByPort = new HashMap<>();
    private final Map<NodeAddress, Integer> islands = new HashMap<>();
    private final Set<NodeAddress> isolated = new HashSet<>();
    private final TrafficCounter totals = new TrafficCounter();

    private NetworkConditions conditions;
    private long baseLatencyNanos;
    private long jitterNanos;
    private boolean partitioned;
    private int allocatedHosts;
    private long inFlight;

    /**
     * @param seed       seeds the one generator behind every random choice of this network
     * @param scheduler  carries datagrams in virtual time
     * @param conditions loss, latency and duplication from the start (see {@link #setConditions})
     */
    public InMemoryNetwork(long seed, VirtualTimeScheduler scheduler, NetworkConditions conditions) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        // SplittableRandom: fast, statistically sound for simulation, and identical on every JDK.
        this.random = new SplittableRandom(seed);
        setConditions(conditions);
    }

    /** The scheduler datagrams travel on. */
    public VirtualTimeScheduler scheduler() {
        return scheduler;
    }

    /** The conditions now in force. */
    public NetworkConditions conditions() {
        return conditions;
    }

    /** Applies {@code conditions} to every datagram sent from now on (those in flight keep theirs). */
    public void setConditions(NetworkConditions conditions) {
        this.conditions = Objects.requireNonNull(conditions, "conditions");
        this.baseLatencyNanos = saturatedNanos(conditions.baseLatency());
        // One less than the maximum, so that "jitter + 1" below stays a valid bound.
        this.jitterNanos = Math.min(saturatedNanos(conditions.jitter()), Long.MAX_VALUE - 1);
    }

    /**
     * A new endpoint at the next free address of 198.18.0.0/15, port {@value #DEFAULT_PORT}.
     *
     * @throws IllegalStateException if the range's 131,070 addresses are used up
     */
    public InMemoryEndpoint endpoint() {
        while (allocatedHosts < BENCHMARK_HOSTS) {
            NodeAddress candidate = new NodeAddress(ipv4(BENCHMARK_NETWORK + 1 + allocatedHosts++), DEFAULT_PORT);
            if (!endpoints.containsKey(candidate)) {
                return register(candidate);
            }
        }
        throw new IllegalStateException("all " + BENCHMARK_HOSTS + " addresses of 198.18.0.0/15 were allocated");
    }

    /**
     * A new endpoint at {@code address}; port 0 picks the lowest free port from 49152 on that IP. An
     * address becomes free again when its endpoint closes.
     *
     * @throws AddressInUseException    if an open endpoint already has {@code address}
     * @throws IllegalArgumentException if {@code address} is a multicast, broadcast or wildcard address
     */
    public InMemoryEndpoint endpoint(NodeAddress address) {
        InetAddress ip = address.ip();
        if (ip.isMulticastAddress() || ip.isAnyLocalAddress() || ip.equals(LIMITED_BROADCAST)) {
            throw new IllegalArgumentException("an endpoint needs a unicast address, not " + address);
        }
        if (address.port() == 0) {
            for (int port = FIRST_EPHEMERAL_PORT; port <= 0xffff; port++) {
                NodeAddress candidate = new NodeAddress(ip, port);
                if (!endpoints.containsKey(candidate)) {
                    return register(candidate);
                }
            }
            throw new AddressInUseException(address);
        }
        if (endpoints.containsKey(address)) {
            throw new AddressInUseException(address);
        }
        return register(address);
    }

    /** The open endpoint at {@code address}, if any. */
    public Optional<InMemoryEndpoint> find(NodeAddress address) {
        return Optional.ofNullable(endpoints.get(address));
    }

    /** Endpoints created and not yet closed. */
    public int openEndpoints() {
        return endpoints.size();
    }

    /** {@code 255.255.255.255:port}: a datagram sent there reaches every started endpoint on {@code port}. */
    public static NodeAddress broadcastAddress(int port) {
        return new NodeAddress(LIMITED_BROADCAST, port);
    }

    /**
     * Splits the network into {@code islands}: from now on, datagrams between endpoints of different
     * islands are dropped and counted as {@link TrafficStats#lostToPartition}. Addresses named in no
     * island form one further island together. Replaces any earlier partition; isolation stays.
     *
     * @throws IllegalArgumentException if an address is named in two islands
     */
    @SafeVarargs
    public final void partition(Collection<NodeAddress>... islands) {
        Map<NodeAddress, Integer> next = new HashMap<>();
        for (int i = 0; i < islands.length; i++) {
            for (NodeAddress a : islands[i]) {
                Integer before = next.put(Objects.requireNonNull(a, "address"), i);
                if (before != null && before != i) {
                    throw new IllegalArgumentException(a + " is in islands " + before + " and " + i);
                }
            }
        }
        this.islands.clear();
        this.islands.putAll(next);
        this.partitioned = true;
    }

    /** Cuts {@code address} off from every other address (its own loopback still works) until healed. */
    public void isolate(NodeAddress address) {
        isolated.add(Objects.requireNonNull(address, "address"));
    }

    /** Undoes {@link #isolate} for {@code address}; a partition stays. */
    public void reconnect(NodeAddress address) {
        isolated.remove(address);
    }

    /** Removes every partition and isolation. */
    public void heal() {
        islands.clear();
        partitioned = false;
        isolated.clear();
    }

    /** Counters summed over every endpoint this network ever had. */
    public TrafficStats totals() {
        return totals.snapshot();
    }

    /** Copies scheduled for delivery that have not arrived yet. */
    public long inFlight() {
        return inFlight;
    }

    @Override
    public String toString() {
        return "InMemoryNetwork[endpoints=" + endpoints.size() + ", inFlight=" + inFlight + ", " + conditions + "]";
    }

    // ---- called by InMemoryEndpoint --------------------------------------------------------------

    void send(InMemoryEndpoint from, NodeAddress to, byte[] datagram) {
        Objects.requireNonNull(to, "to");
        if (datagram.length > MAX_DATAGRAM_BYTES) {
            throw new MessageTooLargeException(datagram.length, MAX_DATAGRAM_BYTES);
        }
        byte[] payload = datagram.clone(); // the caller may reuse its array right after send returns
        from.counter.sent++;
        totals.sent++;
        if (to.isMulticast()) {
            fanOut(from, groups.get(to), payload);
        } else if (to.ip().equals(LIMITED_BROADCAST)) {
            fanOut(from, startedByPort.get(to.port()), payload);
        } else {
            InMemoryEndpoint target = endpoints.get(to);
            if (target == null) {
                undeliverable(from);
            } else {
                transmit(from, target, payload);
            }
        }
    }

    void started(InMemoryEndpoint endpoint) {
        startedByPort.computeIfAbsent(endpoint.localAddress().port(), p -> new LinkedHashSet<>()).add(endpoint);
    }

    void joined(InMemoryEndpoint endpoint, NodeAddress group) {
        groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(endpoint);
    }

    void left(InMemoryEndpoint endpoint, NodeAddress group) {
        removeFrom(groups, group, endpoint);
    }

    void closed(InMemoryEndpoint endpoint, Collection<NodeAddress> joinedGroups) {
        NodeAddress address = endpoint.localAddress();
        endpoints.remove(address, endpoint);
        removeFrom(startedByPort, address.port(), endpoint);
        for (NodeAddress group : joinedGroups) {
            removeFrom(groups, group, endpoint);
        }
    }

    // ---- delivery ---------------------------------------------------------------------------------

    private InMemoryEndpoint register(NodeAddress address) {
        InMemoryEndpoint endpoint = new InMemoryEndpoint(this, address);
        endpoints.put(address, endpoint);
        return endpoint;
    }

    private void fanOut(InMemoryEndpoint from, Set<InMemoryEndpoint> recipients, byte[] payload) {
        if (recipients == null || recipients.isEmpty()) {
            undeliverable(from);
            return;
        }
        for (InMemoryEndpoint target : recipients) {
            transmit(from, target, payload);
        }
    }

    /** One copy from {@code from} to {@code target}: partition, then loss/latency, then maybe a duplicate. */
    private void transmit(InMemoryEndpoint from, InMemoryEndpoint target, byte[] payload) {
        if (blocked(from.localAddress(), target.localAddress())) {
            from.counter.lostToPartition++;
            totals.lostToPartition++;
            return;
        }
        travel(from, target, payload);
        double duplication = conditions.duplicationProbability();
        if (duplication > 0 && random.nextDouble() < duplication) {
            from.counter.duplicated++;
            totals.duplicated++;
            travel(from, target, payload);
        }
    }

    private void travel(InMemoryEndpoint from, InMemoryEndpoint target, byte[] payload) {
        double loss = conditions.lossProbability();
        // Draw only when the knob is on, so a perfect network consumes no randomness.
        if (loss > 0 && random.nextDouble() < loss) {
            from.counter.lostToLoss++;
            totals.lostToLoss++;
            return;
        }
        long latency = baseLatencyNanos;
        if (jitterNanos > 0) {
            long extra = random.nextLong(jitterNanos + 1);
            latency = extra > Long.MAX_VALUE - latency ? Long.MAX_VALUE : latency + extra;
        }
        inFlight++;
        scheduler.scheduleNanos(latency, new Delivery(from, target, payload));
    }

    private void arrive(Delivery d) {
        inFlight--;
        if (!d.target.isReceiving()) {
            undeliverable(d.from);
            return;
        }
        d.target.counter.delivered++;
        totals.delivered++;
        // Each receiver owns its array (DatagramReceiver's contract), and copies may share a payload.
        d.target.receive(d.from.localAddress(), d.payload.clone());
    }

    private void undeliverable(InMemoryEndpoint from) {
        from.counter.undeliverable++;
        totals.undeliverable++;
    }

    private boolean blocked(NodeAddress from, NodeAddress to) {
        if (from.equals(to)) {
            return false;
        }
        if (!isolated.isEmpty() && (isolated.contains(from) || isolated.contains(to))) {
            return true;
        }
        return partitioned && !Objects.equals(islands.get(from), islands.get(to));
    }

    /** A copy on its way; one small object per copy, run by the scheduler on arrival. */
    private final class Delivery implements Runnable {
        final InMemoryEndpoint from;
        final InMemoryEndpoint target;
        final byte[] payload;

        Delivery(InMemoryEndpoint from, InMemoryEndpoint target, byte[] payload) {
            this.from = from;
            this.target = target;
            this.payload = payload;
        }

        @Override
        public void run() {
            arrive(this);
        }

        @Override
        public String toString() {
            return "delivery of " + payload.length + " bytes " + from.localAddress() + " -> " + target.localAddress();
        }
    }

    private static <K> void removeFrom(Map<K, Set<InMemoryEndpoint>> index, K key, InMemoryEndpoint endpoint) {
        Set<InMemoryEndpoint> set = index.get(key);
        if (set != null && set.remove(endpoint) && set.isEmpty()) {
            index.remove(key);
        }
    }

    private static InetAddress ipv4(int address) {
        byte[] b = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Inet4Address.getByAddress(b); // a literal: no lookup
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError("4 bytes are always an IPv4 address", impossible);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
