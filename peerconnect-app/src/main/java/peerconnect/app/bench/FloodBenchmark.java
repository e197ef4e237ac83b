package peerconnect.app.bench;

import peerconnect.app.fuzz.FuzzCorpus;
import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.NodeTuning;
import peerconnect.app.node.PeerNode;
import peerconnect.app.node.PeerNodes;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.DropReason;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimiterSettings;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.DatagramReceiver;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.ForwardingTransport;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * {@code bench flood}: on loopback, a target node of the real composition (default rate limits), honest
 * nodes joined through it that look the target up again and again, and one flooder sending valid
 * FIND_NODE requests from one address as fast as it can for a bounded time.
 */
final class FloodBenchmark {
    /** The flooder's address: in the honest nodes' /24, as a flooding host on a LAN would be. */
    static final String FLOODER_IP = "127.0.0.200";
    /** A lookup that has not completed by then counts as failed. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);
    /** Pause between one honest node's lookups: a busy but honest peer. */
    private static final Duration LOOKUP_PAUSE = Duration.ofMillis(20);

    private final int honestNodes;
    private final Duration flood;
    private final long seed;
    private final long floodRate;

    /** @param floodRate the flooder's datagrams per second; 0 = as fast as the kernel takes them */
    FloodBenchmark(int honestNodes, Duration flood, long seed, long floodRate) {
        this.honestNodes = honestNodes;
        this.flood = flood;
        this.seed = seed;
        this.floodRate = floodRate;
    }

    FloodFigures run() throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        FuzzCorpus corpus = FuzzCorpus.record(seed);
        List<byte[]> requests = corpus.datagrams().stream().filter(FloodBenchmark::isFindNode).toList();
        LongAdder fromFlooder = new LongAdder();
        InetAddress flooderIp = InetAddress.getByName(FLOODER_IP);
        Injector targetInjector = Guice.createInjector(Modules.override(PeerNodes.udpModules(
                settings("flood-target", loopback, List.of()), NodeTuning.defaults())).with(new AbstractModule() {
                    @Provides
                    @Singleton
                    DatagramTransport transport(UdpTransport udp) {
                        return new SourceCountingTransport(udp, flooderIp, fromFlooder);
                    }

                    @Provides
                    @Singleton
                    NodeStateStore store() {
                        return new InMemoryNodeStateStore();
                    }
                }));
        PeerNode target = targetInjector.getInstance(PeerNode.class);
        target.start();
        List<PeerNode> honest = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            UdpTransport targetUdp = targetInjector.getInstance(UdpTransport.class);
            NodeAddress targetAddress = target.self().contact().address();
            for (int i = 0; i < honestNodes; i++) {
                honest.add(startHonest("honest-" + i, loopback, targetAddress));
            }
            for (int i = 0; i < 200 && !honest.stream().allMatch(n -> n.dht().isBootstrapped()); i++) {
                Thread.sleep(50);
            }
            PeerId targetId = target.self().contact().id();
            // Baseline: the same lookups for as long with no flood, so the flood's effect is a ratio.
            FloodFigures.Lookups baseline = honestLookups(honest, targetId, System.nanoTime() + flood.toNanos(), threads);
            long heapBefore = heapUsedAfterGc();
            DispatcherStats before = target.dispatcher().stats();
            long readBefore = fromFlooder.sum();

            long floodEnd = System.nanoTime() + flood.toNanos();
            Future<Long> flooder = threads.submit(() -> floodFrom(flooderIp, targetAddress, requests, floodEnd, floodRate));
            FloodFigures.Lookups underFlood = honestLookups(honest, targetId, floodEnd, threads);
            long sent = flooder.get();
            // Let the target's queue drain before its counters are read.
            for (int i = 0; i < 100 && target.dispatcher().stats().queued() > 0; i++) {
                Thread.sleep(50);
            }
            DispatcherStats after = target.dispatcher().stats();
            long heapAfter = heapUsedAfterGc();
            Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
            for (DropReason r : DropReason.values()) {
                long n = after.dropped(r) - before.dropped(r);
                if (n != 0) {
                    dropped.put(r, n);
                }
            }
            long read = fromFlooder.sum() - readBefore;
            boolean flooderKnown = target.dht().knownPeers().stream().anyMatch(c -> c.address().ip().equals(flooderIp));
            long limited = dropped.getOrDefault(DropReason.RATE_LIMITED, 0L);
            return new FloodFigures(honestNodes, flood.toNanos() / 1e9, floodRate, RateLimiterSettings.defaults().perAddress(),
                    baseline, underFlood, sent, read, read - limited, dropped,
                    after.queueHighWater(), heapBefore, heapAfter, targetUdp.stats().receiveErrors(), flooderKnown);
        } finally {
            threads.shutdownNow();
            honest.forEach(PeerNode::close);
            target.close();
        }
    }

    /** Each honest node looks the target up, one lookup at a time, until {@code end}; returns once all are done. */
    private static FloodFigures.Lookups honestLookups(List<PeerNode> honest, PeerId targetId, long end,
                                                     ExecutorService threads)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        LongAdder attempted = new LongAdder();
        LongAdder succeeded = new LongAdder();
        LatencySamples latencies = new LatencySamples(1 << 16);
        List<Future<?>> loops = new ArrayList<>();
        for (PeerNode node : honest) {
            loops.add(threads.submit(() -> {
                while (System.nanoTime() < end) {
                    attempted.increment();
                    long start = System.nanoTime();
                    try {
                        if (node.dht().lookup(targetId).get(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                                .map(c -> c.id().equals(targetId)).orElse(false)) {
                            succeeded.increment();
                            latencies.record(System.nanoTime() - start);
                        }
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        // failed: counted as attempted, not succeeded
                    }
                    Thread.sleep(LOOKUP_PAUSE.toMillis());
                }
                return null;
            }));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        return new FloodFigures.Lookups(attempted.sum(), succeeded.sum(),
                latencies.count() == 0 ? Double.NaN : latencies.quantileMicros(0.5) / 1000);
    }

    private static boolean isFindNode(byte[] d) {
        return EnvelopeCodec.create().decode(d) instanceof DecodeResult.Decoded x
                && FuzzCorpus.type(x.message()).equals("KADEMLIA op=0x03 REQUEST");
    }

    /** Sends until {@code end} (at most {@code rate}/s if positive), each request with a fresh id; returns how many the kernel took. */
    private static long floodFrom(InetAddress from, NodeAddress to, List<byte[]> requests, long end, long rate)
            throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(from, 0));
            InetSocketAddress target = to.toSocketAddress();
            SplittableRandom random = new SplittableRandom(17);
            ByteBuffer buffer = ByteBuffer.allocateDirect(EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES);
            long sent = 0;
            long start = System.nanoTime();
            while ((sent & 63) != 0 || System.nanoTime() < end) {
                if (rate > 0 && sent >= (System.nanoTime() - start) * rate / 1_000_000_000L) {
                    Thread.onSpinWait();
                    continue;
                }
                byte[] request = requests.get((int) (sent % requests.size()));
                buffer.clear().put(request).putLong(4, random.nextLong()).flip();
                if (channel.send(buffer, target) > 0) {
                    sent++;
                }
            }
            return sent;
        }
    }

    private PeerNode startHonest(String name, InetAddress loopback, NodeAddress target) {
        PeerNode node = Guice.createInjector(Modules.override(PeerNodes.udpModules(
                settings(name, loopback, List.of(target)), NodeTuning.defaults())).with(new AbstractModule() {
                    @Provides
                    @Singleton
                    NodeStateStore store() {
                        return new InMemoryNodeStateStore();
                    }
                })).getInstance(PeerNode.class);
        node.start();
        return node;
    }

    private static NodeSettings settings(String name, InetAddress loopback, List<NodeAddress> peers) {
        // The data directory is never touched: the state store is in memory.
        return new NodeSettings(name, loopback, 0, "lo", false, Optional.empty(), false, peers, Path.of(name));
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The target's transport, counting what its socket read from one source address before the dispatcher saw it. */
    private static final class SourceCountingTransport extends ForwardingTransport {
        private final InetAddress source;
        private final LongAdder count;

        SourceCountingTransport(UdpTransport inner, InetAddress source, LongAdder count) {
            super(inner);
            this.source = source;
            this.count = count;
        }

        @Override
        public void start(DatagramReceiver receiver) {
            super.start(new DatagramReceiver() {
                @Override
                public void onDatagram(NodeAddress from, byte[] datagram) {
                    countIfFromSource(from);
                    receiver.onDatagram(from, datagram);
                }

                @Override
                public void onDatagram(NodeAddress from, ByteBuffer datagram) {
                    countIfFromSource(from);
                    receiver.onDatagram(from, datagram);
                }
            });
        }

        private void countIfFromSource(NodeAddress from) {
            if (from.ip().equals(source)) {
                count.increment();
            }
        }
    }
}
