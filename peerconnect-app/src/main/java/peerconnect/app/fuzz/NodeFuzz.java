package peerconnect.app.fuzz;

import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.NodeTuning;
import peerconnect.app.node.PeerNode;
import peerconnect.app.node.PeerNodes;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.DropReason;
import peerconnect.domain.MessageKind;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.InMemoryNodeStateStore;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * A live node of the app's composition fed fuzzed datagrams through its transport, so they pass
 * the rate limiter, the codec, the dispatcher and the Kademlia, gossip and discovery handlers. Two
 * targets: a node on the in-memory network (virtual time, two honest peers joined to it) and a lone
 * node on a real UDP socket on loopback. Senders are spread over many source addresses in distinct
 * /24 prefixes and paced under the global limit, so the rate limits (left at their defaults) pass
 * most datagrams on to the decoders. Afterwards the node must still answer a PING, and every
 * datagram must be accounted for.
 */
final class NodeFuzz {
    /** Source addresses the fuzz comes from, each in its own /24. */
    static final int SOURCES = 64;
    /** Datagrams per second, all sources together: half the default global limit (50,000/s). */
    static final int RATE = 25_000;

    private NodeFuzz() {
    }

    /**
     * What one target made of the fuzz.
     *
     * @param sent              fuzz datagrams sent (plus the final PINGs)
     * @param lostBeforeNode    sent but never read by the node's socket (kernel buffer full); 0 in memory
     * @param received          datagrams the dispatcher took in during the run (fuzz and honest peers)
     * @param dispatched        of those, handed to a handler
     * @param matched           of those, replies that completed an awaited request
     * @param dropped           of those, dropped, by reason
     * @param handlerFailures   handler calls that threw: exceptions that escaped a protocol adapter
     * @param protocolRejected  bodies the Kademlia and gossip handlers and discovery refused (counted, typed)
     * @param refusedSends      datagrams the node tried to send outside loopback (UDP target), not sent
     * @param queued            events still queued when the figures were taken
     * @param answered          whether the node answered a PING after the fuzz
     */
    record Figures(String target, long sent, long lostBeforeNode, long received, long dispatched, long matched,
                   Map<DropReason, Long> dropped, long handlerFailures, long protocolRejected, long refusedSends,
                   int queued, boolean answered, double seconds) {
        Figures {
            dropped = Map.copyOf(dropped);
        }

        long totalDropped() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Every datagram the dispatcher received ended in exactly one outcome. */
        boolean accounted() {
            return queued == 0 && received == dispatched + matched + totalDropped();
        }
    }

    /** The in-memory target: {@code datagrams} mutants from {@code mutants} into a node with two honest peers. */
    static Figures inMemory(FuzzCorpus corpus, Supplier<byte[]> mutants, long datagrams, long seed) {
        long start = System.nanoTime();
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(seed, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(2)));
        SplittableRandom seeds = new SplittableRandom(seed);
        List<PeerNode> nodes = new ArrayList<>();
        try {
            for (String name : List.of("target", "honest-1", "honest-2")) {
                NodeSettings settings = new NodeSettings(name, wildcard(), 0, "", false, Optional.empty(), true,
                        List.of(), Path.of(name));
                nodes.add(start(Modules.override(PeerNodes.inMemoryModules(settings, TUNING, network, seeds.split()))
                        .with(inMemoryStore())));
            }
            scheduler.runFor(Duration.ofSeconds(20));
            PeerNode target = nodes.get(0);
            NodeAddress to = target.self().contact().address();
            List<InMemoryEndpoint> senders = new ArrayList<>();
            for (int i = 0; i < SOURCES; i++) {
                InMemoryEndpoint sender = network.endpoint(NodeAddress.parse("10.0." + i + ".1:4000"));
                sender.start((from, d) -> { });
                senders.add(sender);
            }
            DispatcherStats before = target.dispatcher().stats();
            long rejectedBefore = protocolRejected(target);
            int perStep = RATE / 100; // one step = 10 ms of virtual time
            for (long i = 0; i < datagrams; i++) {
                senders.get((int) (i % SOURCES)).send(to, mutants.get());
                if (i % perStep == perStep - 1) {
                    scheduler.runFor(Duration.ofMillis(10));
                }
            }
            scheduler.runFor(Duration.ofSeconds(5));
            boolean answered = answersPingInMemory(network, scheduler, corpus, to);
            scheduler.runFor(Duration.ofSeconds(1));
            return figures("in-memory node (2 honest peers)", datagrams + 1, 0, before, target.dispatcher().stats(),
                    protocolRejected(target) - rejectedBefore, 0, answered, start);
        } finally {
            nodes.forEach(PeerNode::close);
        }
    }

    /** The UDP target: a lone node on 127.0.0.1 fed from {@link #SOURCES} sockets on 127.0.x.1, paced at {@link #RATE}/s. */
    static Figures udp(FuzzCorpus corpus, Supplier<byte[]> mutants, long datagrams)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        NodeSettings settings = new NodeSettings("fuzz-target", loopback, 0, "lo", false, Optional.empty(), false,
                List.of(), Path.of("fuzz-target"));
        LoopbackOnlyTransport[] guard = new LoopbackOnlyTransport[1];
        Module guarded = new AbstractModule() {
            @Provides
            @Singleton
            DatagramTransport transport(UdpTransport udp) {
                guard[0] = new LoopbackOnlyTransport(udp);
                return guard[0];
            }
        };
        Injector injector = Guice.createInjector(Modules.override(PeerNodes.udpModules(settings, NodeTuning.defaults()))
                .with(inMemoryStore(), guarded));
        PeerNode target = injector.getInstance(PeerNode.class);
        target.start();
        List<DatagramChannel> senders = new ArrayList<>();
        try {
            UdpTransport udp = injector.getInstance(UdpTransport.class);
            InetSocketAddress to = target.self().contact().address().toSocketAddress();
            for (int i = 0; i < SOURCES; i++) {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                senders.add(channel);
                channel.bind(new InetSocketAddress(InetAddress.getByName("127.0." + (i + 1) + ".1"), 0));
                channel.configureBlocking(false);
            }
            DispatcherStats before = target.dispatcher().stats();
            long receivedBefore = udp.stats().received();
            long rejectedBefore = protocolRejected(target);
            long sent = 0;
            long began = System.nanoTime();
            // Bounded in time as well as count: twice the paced duration, plus 10 s.
            long deadline = began + (long) (2e9 * datagrams / RATE) + 10_000_000_000L;
            byte[] next = mutants.get();
            while (sent < datagrams && System.nanoTime() < deadline) {
                long due = Math.min(datagrams, (System.nanoTime() - began) * RATE / 1_000_000_000L + 1);
                if (sent >= due) {
                    Thread.onSpinWait();
                    continue;
                }
                // A full socket buffer (send returns 0) is retried: every counted datagram left the sender.
                if (senders.get((int) (sent % SOURCES)).send(ByteBuffer.wrap(next), to) > 0 || next.length == 0) {
                    sent++;
                    if (sent < datagrams) {
                        next = mutants.get();
                    }
                }
            }
            waitUntilQuiet(target, udp);
            PingAnswer answer = answersPingOverUdp(corpus, to);
            sent += answer.pingsSent();
            waitUntilQuiet(target, udp);
            // The node is alone and multicast is off: everything its socket read came from these senders.
            long lost = sent - (udp.stats().received() - receivedBefore);
            return figures("UDP node on 127.0.0.1 (lone)", sent, lost, before, target.dispatcher().stats(),
                    protocolRejected(target) - rejectedBefore, guard[0].refused(), answer.answered(), start);
        } finally {
            for (DatagramChannel c : senders) {
                c.close();
            }
            target.close();
        }
    }

    private record PingAnswer(boolean answered, int pingsSent) {
    }

    private static Figures figures(String name, long sent, long lost, DispatcherStats before, DispatcherStats after,
                                   long protocolRejected, long refused, boolean answered, long startNanos) {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long n = after.dropped(r) - before.dropped(r);
            if (n != 0) {
                dropped.put(r, n);
            }
        }
        return new Figures(name, sent, lost, after.received() - before.received(),
                after.dispatched() - before.dispatched(), after.repliesMatched() - before.repliesMatched(), dropped,
                after.handlerFailures() - before.handlerFailures(), protocolRejected, refused, after.queued(), answered,
                (System.nanoTime() - startNanos) / 1e9);
    }

    private static long protocolRejected(PeerNode node) {
        Map<String, Long> c = node.status().counters();
        return c.getOrDefault("kademlia.rejected", 0L) + c.getOrDefault("gossip.rejected", 0L)
                + c.getOrDefault("discovery.malformed", 0L) + c.getOrDefault("discovery.spoofsRejected", 0L);
    }

    /** Waits (at most 10 s) until the socket has read nothing new for 200 ms and the queue is empty. */
    private static void waitUntilQuiet(PeerNode node, UdpTransport udp) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 50; i++) {
            long now = udp.stats().received();
            if (now == last && node.dispatcher().stats().queued() == 0) {
                return;
            }
            last = now;
            Thread.sleep(200);
        }
    }

    private static byte[] ping(FuzzCorpus corpus) {
        EnvelopeCodec codec = EnvelopeCodec.create();
        for (byte[] d : corpus.datagrams()) {
            if (codec.decode(d) instanceof DecodeResult.Decoded decoded
                    && FuzzCorpus.type(decoded.message()).equals("KADEMLIA op=0x01 REQUEST")) {
                return d;
            }
        }
        throw new IllegalStateException("the corpus has no PING");
    }

    private static boolean isReplyTo(byte[] request, byte[] reply) {
        return EnvelopeCodec.create().decode(reply) instanceof DecodeResult.Decoded d
                && d.message().kind() == MessageKind.REPLY
                && Arrays.equals(request, 4, 12, reply, 4, 12); // the message id
    }

    private static boolean answersPingInMemory(InMemoryNetwork network, VirtualTimeScheduler scheduler,
                                               FuzzCorpus corpus, NodeAddress to) {
        byte[] ping = ping(corpus);
        boolean[] answered = {false};
        InMemoryEndpoint asker = network.endpoint(NodeAddress.parse("10.1.0.1:4000"));
        asker.start((from, d) -> answered[0] |= isReplyTo(ping, d));
        asker.send(to, ping);
        scheduler.runFor(Duration.ofSeconds(1));
        asker.close();
        return answered[0];
    }

    /** Up to 3 PINGs, 2 s apart, from a fresh address; the node answers one of them. */
    private static PingAnswer answersPingOverUdp(FuzzCorpus corpus, InetSocketAddress to) throws IOException {
        byte[] ping = ping(corpus);
        try (DatagramSocket asker = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.1.0.1"), 0))) {
            asker.setSoTimeout(2_000);
            for (int attempt = 0; attempt < 3; attempt++) {
                asker.send(new DatagramPacket(ping, ping.length, to));
                byte[] buffer = new byte[2048];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    asker.receive(packet);
                    if (isReplyTo(ping, Arrays.copyOf(buffer, packet.getLength()))) {
                        return new PingAnswer(true, attempt + 1);
                    }
                } catch (SocketTimeoutException e) {
                    // try again: the first one may have been shed under the tail of the fuzz
                }
            }
        }
        return new PingAnswer(false, 3);
    }

    private static final NodeTuning TUNING = NodeTuning.defaults()
            .withDiscovery(DiscoveryConfig.defaults().withMaxDelay(Duration.ofSeconds(4)).withActiveRounds(5)
                    .withIntervals(Duration.ofSeconds(5), Duration.ofSeconds(10)))
            .withBootstrapPoll(Duration.ofSeconds(2));

    private static PeerNode start(Module modules) {
        PeerNode node = Guice.createInjector(modules).getInstance(PeerNode.class);
        node.start();
        return node;
    }

    private static Module inMemoryStore() {
        return new AbstractModule() {
            @Provides
            @Singleton
            NodeStateStore store() {
                return new InMemoryNodeStateStore();
            }
        };
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByName("::");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
