package peerconnect.app.bench;

import peerconnect.app.node.NetworkKeySeals;
import peerconnect.app.node.SystemScheduler;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransports;
import peerconnect.domain.DispatcherBuilder;
import peerconnect.domain.DropReason;
import peerconnect.domain.Message;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.ports.DatagramTransport;

/**
 * The full pipeline as a node runs it: a UDP endpoint from the adapter, whose receive thread hands each
 * datagram to a {@link RequestsDispatcher} (decode, validate, enqueue), whose workers on virtual
 * threads call the handler. Blasted from a raw socket for throughput; driven request by request
 * through the reply registry for round trips.
 */
final class PipelineUdp {
    static final byte PING = 0x01;
    static final byte PONG = (byte) 0x81;

    private final InetAddress loopback;
    private final SystemScheduler scheduler;

    PipelineUdp(InetAddress loopback, SystemScheduler scheduler) {
        this.loopback = loopback;
        this.scheduler = scheduler;
    }

    /** An endpoint + dispatcher whose only handler counts what it is handed. */
    BlastTarget countingNode() {
        return countingNode(Optional.empty());
    }

    /**
     * An endpoint + dispatcher whose only handler counts what it is handed; with {@code key}, the dispatcher
     * seals and opens as a node's with {@code --network-key-file} does, and datagrams that do not open
     * (replays among them) count as dropped.
     */
    BlastTarget countingNode(Optional<NetworkKey> key) {
        LongAdder handled = new LongAdder();
        Node node = new Node(1, event -> handled.increment(), key);
        return new BlastTarget() {
            @Override
            public java.net.InetSocketAddress address() {
                return node.transport.localAddress().toSocketAddress();
            }

            @Override
            public long received() {
                return handled.sum();
            }

            @Override
            public long dropped() {
                long unopened = node.dispatcher.seal().map(s -> s.stats().rejected()).orElse(0L);
                return node.dispatcher.stats().dropped(DropReason.SHED) + unopened;
            }

            @Override
            public void close() {
                node.close();
            }
        };
    }

    UdpBenchFigures.Latency roundTrips(int inFlight, byte[] body, Supplier<BenchWindow> windows) throws InterruptedException {
        LatencySamples samples = new LatencySamples(1 << 20);
        LongAdder failures = new LongAdder();
        try (Node server = new Node(2, event -> event.reply(PONG, event.message().body()), Optional.empty());
             Node client = new Node(3, event -> { }, Optional.empty())) {
            BenchWindow window = windows.get();
            CountDownLatch chainsDone = new CountDownLatch(inFlight);
            for (int i = 0; i < inFlight; i++) {
                new Chain(client, server, body, window, samples, failures, chainsDone).next();
            }
            long waitMillis = Math.max(0, (window.endNanos() - System.nanoTime()) / 1_000_000) + 5000;
            if (!chainsDone.await(waitMillis, TimeUnit.MILLISECONDS)) {
                failures.add(chainsDone.getCount());
            }
        }
        return new UdpBenchFigures.Latency(samples.count(), failures.sum(), samples.quantileMicros(0.5),
                samples.quantileMicros(0.99));
    }

    /** One request in flight, again and again: the next goes out when the last one's reply is in. */
    private record Chain(Node client, Node server, byte[] body, BenchWindow window, LatencySamples samples,
                         LongAdder failures, CountDownLatch done) {
        void next() {
            long sentAt = System.nanoTime();
            CompletableFuture<Message> reply = client.dispatcher.request(server.transport.localAddress(),
                    RootCode.KADEMLIA, PING, body, Duration.ofSeconds(1));
            reply.whenComplete((message, error) -> {
                long now = System.nanoTime();
                if (error == null) {
                    if (window.contains(sentAt, now)) {
                        samples.record(now - sentAt);
                    }
                } else {
                    failures.increment();
                }
                if (window.ended(now)) {
                    done.countDown();
                } else if (error == null) {
                    next();
                } else {
                    client.workers.execute(this::next); // a failure may complete at once: no recursion
                }
            });
        }
    }

    /** A UDP endpoint on loopback with a dispatcher on virtual threads, as the app wires them. */
    private final class Node implements AutoCloseable {
        final DatagramTransport transport;
        final RequestsDispatcher dispatcher;
        final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

        Node(long seed, RequestHandler handler, Optional<NetworkKey> key) {
            UdpEndpointConfig config = UdpEndpointConfig.defaults().withBind(loopback, 0).withGroups(List.of())
                    .withNetworkInterface(loopback.getHostAddress());
            transport = UdpTransports.create(config, scheduler);
            SplittableRandom random = new SplittableRandom(seed);
            DispatcherBuilder builder = RequestsDispatcher.builder(PeerId.random(random)).transport(transport)
                    .scheduler(scheduler).executor(workers).random(random);
            key.ifPresent(k -> builder.networkKey(NetworkKeySeals.seal(k)));
            dispatcher = builder.build();
            // Marked non-blocking, as the Kademlia and gossip handlers are: an idle node answers on its receive thread.
            dispatcher.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(handler));
            transport.start(dispatcher);
        }

        @Override
        public void close() {
            transport.close();
            dispatcher.closeNow();
            workers.shutdownNow();
        }
    }
}
