package peerconnect.adapter.udp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.MessageTooLargeException;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.DatagramReceiver;
import peerconnect.domain.Scheduler;
import peerconnect.ports.TransportClosedException;

/**
 * The UDP requests endpoint: one unicast socket of its own (all sending, and unicast receiving), plus
 * one shared-port socket per multicast group (see {@link GroupChannel}), each read by its own
 * {@link ReceiveLoop} thread. The unicast socket's port is not shared (no SO_REUSEADDR), so a unicast
 * datagram reaches this node only; the group sockets' port is, so every node on the host gets every
 * announcement. Design and reasons: "Sockets" in {@code docs/PROTOCOL.md}.
 */
final class UdpEndpoint implements UdpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);
    /** How long close() waits for each receive thread to end; they end at once when their channel closes. */
    private static final Duration THREAD_STOP_WAIT = Duration.ofSeconds(2);

    private final UdpEndpointConfig config;
    private final Scheduler scheduler;
    private final ThreadFactory threads;
    private final SocketPlatform platform;
    private final DatagramChannel unicast;
    private final boolean ipv4Only;
    private final NodeAddress localAddress;
    private final String interfaceName;
    private final TransportCounters counters = new TransportCounters();

    private final Object lock = new Object();
    private final Map<NodeAddress, GroupChannel> groupChannels = new LinkedHashMap<>(); // guarded by lock
    private final Map<Object, Thread> receiveThreads = new LinkedHashMap<>(); // by channel; guarded by lock
    private DatagramReceiver receiver; // guarded by lock; null until started
    private Cancellable nextPoll; // guarded by lock
    private volatile NetworkInterface nif;
    private volatile boolean closed;
    private InterfaceStatus lastStatus; // only the poll task touches it, one run at a time
    private final List<Runnable> networkListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private UdpEndpoint(UdpEndpointConfig config, Scheduler scheduler, ThreadFactory threads, SocketPlatform platform,
                        NetworkInterface nif, DatagramChannel unicast) throws IOException {
        this.config = config;
        this.scheduler = scheduler;
        this.threads = threads;
        this.platform = platform;
        this.nif = nif;
        this.interfaceName = nif.getName();
        this.unicast = unicast;
        InetSocketAddress bound = (InetSocketAddress) unicast.getLocalAddress();
        this.ipv4Only = bound.getAddress() instanceof Inet4Address;
        this.localAddress = UnicastSockets.reachableAddress(bound, nif, ipv4Only);
        this.lastStatus = InterfaceStatus.probe(interfaceName);
    }

    static UdpEndpoint open(UdpEndpointConfig config, Scheduler scheduler, ThreadFactory threads) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(threads, "threads");
        SocketPlatform platform = SocketPlatform.current();
        NetworkInterface nif = InterfaceChooser.choose(config.networkInterface(), config.bindAddress());
        DatagramChannel unicast = UnicastSockets.openUnicast(config, nif);
        UdpEndpoint endpoint;
        try {
            endpoint = new UdpEndpoint(config, scheduler, threads, platform, nif, unicast);
        } catch (IOException e) {
            UnicastSockets.closeQuietly(unicast);
            throw new UdpEndpointException("cannot read the address the UDP socket was bound to: " + e.getMessage(), e);
        }
        try {
            endpoint.joinConfiguredGroups();
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
        endpoint.schedulePoll();
        LOG.info("UDP endpoint open at={} interface={} groups={}", endpoint.localAddress, endpoint.interfaceName,
                endpoint.groups());
        return endpoint;
    }

    @Override
    public NodeAddress localAddress() {
        return localAddress;
    }

    @Override
    public void start(DatagramReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        synchronized (lock) {
            ensureOpen("start");
            if (this.receiver != null) {
                throw new IllegalStateException("UDP endpoint " + localAddress + " is already started");
            }
            this.receiver = receiver;
            startLoop(unicast, "unicast " + localAddress);
            for (GroupChannel group : groupChannels.values()) {
                startLoop(group.channel, "group " + group.group);
            }
        }
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        ensureOpen("send to " + to);
        if (datagram.length > config.maxDatagramBytes()) {
            throw new MessageTooLargeException(datagram.length, config.maxDatagramBytes());
        }
        if (ipv4Only && to.ip() instanceof Inet6Address) {
            throw new IllegalArgumentException("cannot send to " + to + ": this endpoint is bound to IPv4 "
                    + localAddress);
        }
        try {
            unicast.send(ByteBuffer.wrap(datagram), to.toSocketAddress());
            counters.sent.increment();
        } catch (ClosedChannelException e) {
            throw new TransportClosedException("cannot send to " + to + ": UDP endpoint " + localAddress
                    + " is closed");
        } catch (UnsupportedAddressTypeException e) {
            throw new IllegalArgumentException("cannot send to " + to + " from " + localAddress, e);
        } catch (IOException e) {
            counters.sendErrors.increment();
            LOG.debug("send to={} from={} failed: {}", to, localAddress, e.toString());
        }
    }

    @Override
    public void joinGroup(NodeAddress group) {
        if (!group.isMulticast()) {
            throw new IllegalArgumentException("not a multicast group: " + group);
        }
        synchronized (lock) {
            ensureOpen("join " + group);
            if (groupChannels.containsKey(group)) {
                return;
            }
            try {
                addGroup(group);
            } catch (IOException e) {
                throw new UdpEndpointException("cannot join " + group + " on interface " + interfaceName + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        List<Thread> stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (nextPoll != null) {
                nextPoll.cancel();
            }
            UnicastSockets.closeQuietly(unicast);
            for (GroupChannel group : groupChannels.values()) {
                UnicastSockets.closeQuietly(group.channel);
            }
            stopping = new ArrayList<>(receiveThreads.values());
        }
        // Closing a channel wakes its thread blocked in receive(); wait for them so that a closed
        // endpoint really has no thread left (unless close() is called from a receive thread itself).
        for (Thread thread : stopping) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            try {
                if (!thread.join(THREAD_STOP_WAIT)) {
                    LOG.warn("receive thread {} of {} did not stop within {}", thread.getName(), localAddress,
                            THREAD_STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.info("UDP endpoint closed at={} stats={}", localAddress, counters.snapshot());
    }

    @Override
    public UdpTransportStats stats() {
        return counters.snapshot();
    }

    @Override
    public NetworkInterface networkInterface() {
        return nif;
    }

    @Override
    public List<NodeAddress> groups() {
        synchronized (lock) {
            return List.copyOf(groupChannels.keySet());
        }
    }

    @Override
    public List<NodeAddress> broadcastAddresses(int port) {
        List<NodeAddress> result = new ArrayList<>();
        for (InterfaceAddress a : nif.getInterfaceAddresses()) {
            if (a.getBroadcast() != null) {
                result.add(new NodeAddress(a.getBroadcast(), port));
            }
        }
        return result;
    }

    /** The receive threads running now (for tests: after close, none). */
    List<Thread> receiveThreads() {
        synchronized (lock) {
            return List.copyOf(receiveThreads.values());
        }
    }

    /**
     * One poll of the interface: logs it going away; when it is back (or re-created with a new index)
     * re-opens every group socket on it, because a re-created interface lost every membership and a
     * scoped IPv6 bind names the old one. Runs on the scheduler, one poll at a time.
     */
    void pollInterface() {
        InterfaceStatus now = InterfaceStatus.probe(interfaceName);
        InterfaceStatus.Change change = lastStatus.changeTo(now);
        lastStatus = now;
        switch (change) {
            case NONE -> {
            }
            case LOST -> {
                counters.interfaceChanges.increment();
                LOG.warn("interface {} of endpoint {} is down or gone; multicast is off until it is back",
                        interfaceName, localAddress);
            }
            case BACK -> {
                counters.interfaceChanges.increment();
                rejoin();
                networkChanged("interface " + interfaceName + " is back");
            }
            case ADDRESSES -> {
                counters.interfaceChanges.increment();
                LOG.info("interface {} of endpoint {} changed its addresses to {}", interfaceName, localAddress,
                        now.addresses());
                if (!now.addresses().contains(localAddress.ip().getHostAddress())) {
                    // The advertised address is fixed when the endpoint opens; peers checking sources will
                    // refuse announcements from the new one until the node is restarted.
                    LOG.warn("endpoint {} advertises an address interface {} no longer has; restart the node to"
                            + " advertise one of {}", localAddress, interfaceName, now.addresses());
                }
                rejoin();
                networkChanged("interface " + interfaceName + " changed its addresses");
            }
        }
    }

    @Override
    public void onNetworkChange(Runnable listener) {
        networkListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void networkChanged(String why) {
        for (Runnable listener : networkListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("network change listener of {} failed after {}", localAddress, why, e);
            }
        }
    }

    private void rejoin() {
        NetworkInterface fresh;
        try {
            fresh = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            fresh = null;
        }
        if (fresh == null) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            nif = fresh;
            try {
                unicast.setOption(StandardSocketOptions.IP_MULTICAST_IF, fresh);
            } catch (IOException e) {
                LOG.warn("cannot set the multicast interface {} on {}: {}", interfaceName, localAddress, e.toString());
            }
            int joined = 0;
            for (NodeAddress group : List.copyOf(groupChannels.keySet())) {
                GroupChannel old = groupChannels.remove(group);
                UnicastSockets.closeQuietly(old.channel);
                receiveThreads.remove(old.channel);
                try {
                    addGroup(group);
                    joined++;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot re-join {} on interface {} for {}: {}", group, interfaceName, localAddress,
                            e.toString());
                }
            }
            counters.rejoins.increment();
            LOG.info("interface {} is back (index {}); endpoint {} re-joined {} of its groups", interfaceName,
                    fresh.getIndex(), localAddress, joined);
        }
    }

    private void joinConfiguredGroups() {
        List<String> failures = new ArrayList<>();
        synchronized (lock) {
            for (NodeAddress group : config.groups()) {
                try {
                    addGroup(group);
                } catch (IOException | RuntimeException e) {
                    failures.add(group + " (" + e.getMessage() + ")");
                    LOG.warn("cannot join {} on interface {} for {}: {}", group, interfaceName, localAddress,
                            e.toString());
                }
            }
        }
        if (!config.groups().isEmpty() && failures.size() == config.groups().size()) {
            throw new UdpEndpointException("could join none of the multicast groups on interface " + interfaceName
                    + ": " + String.join(", ", failures));
        }
    }

    /** Opens, joins and (if started) reads the socket for {@code group}. Caller holds the lock. */
    private void addGroup(NodeAddress group) throws IOException {
        GroupChannel channel = GroupChannel.open(group, nif, platform, config);
        groupChannels.put(group, channel);
        if (receiver != null) {
            startLoop(channel.channel, "group " + group);
        }
    }

    /** Caller holds the lock. */
    private void startLoop(DatagramChannel channel, String name) {
        Thread thread = threads.newThread(
                new ReceiveLoop(name + " of " + localAddress, channel, config.maxDatagramBytes(), receiver, counters));
        receiveThreads.put(channel, thread);
        thread.start();
    }

    private void schedulePoll() {
        synchronized (lock) {
            if (!closed) {
                nextPoll = scheduler.schedule(config.interfacePollInterval(), () -> {
                    try {
                        pollInterface();
                    } catch (RuntimeException e) {
                        LOG.warn("interface poll of {} failed", localAddress, e);
                    } finally {
                        schedulePoll();
                    }
                });
            }
        }
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new TransportClosedException("cannot " + what + ": UDP endpoint " + localAddress + " is closed");
        }
    }

    @Override
    public String toString() {
        return "UdpEndpoint[" + localAddress + " on " + interfaceName + (closed ? ", closed" : "") + "]";
    }
}
