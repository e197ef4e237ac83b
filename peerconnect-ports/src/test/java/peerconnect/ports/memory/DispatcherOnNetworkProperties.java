package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import peerconnect.domain.DispatcherClosedException;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.Message;
import peerconnect.domain.MessageKind;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;

/**
 * Real {@link RequestsDispatcher}s talking over the in-memory network under random loss,
 * duplication, latency, a partition and node stops (crashes and graceful closes): every request
 * completes exactly once, every dispatcher accounts for every event, and the network's deliveries
 * are exactly the dispatchers' receipts.
 * QuickTheories runs from a fixed seed ({@value #SEED}), and each example's own seed drives both
 * the network and the traffic, so a failing example is reported with everything needed to replay it.
 */
class DispatcherOnNetworkProperties {

    private static final long SEED = 0x5EED_0F_D15BL;
    private static final byte ECHO = 0x11;
    // A unicast address no node has: requests to it can only time out.
    private static final NodeAddress NOBODY = NodeAddress.parse("198.19.255.254:4000");

    /** How many nodes, requests and node stops. */
    record Shape(int nodes, int requests, int stops) { }

    /** What the network does to datagrams. */
    record Faults(double loss, double duplication, int baseLatencyMicros, int jitterMicros) {
        NetworkConditions conditions() {
            return new NetworkConditions(loss, Duration.ofNanos(baseLatencyMicros * 1_000L),
                    Duration.ofNanos(jitterMicros * 1_000L), duplication);
        }
    }

    /** Everything a run leaves behind, comparable between runs. */
    record Outcome(List<DispatcherStats> stats, TrafficStats network, Instant end, List<String> results) { }

    private static Gen<Shape> shapes() {
        return integers().between(2, 20).zip(integers().between(1, 80), integers().between(0, 2), Shape::new);
    }

    private static Gen<Faults> faults() {
        return doubles().between(0, 0.4).zip(doubles().between(0, 0.3), integers().between(0, 5_000),
                integers().between(0, 20_000), Faults::new);
    }

    @Test
    void everyRequestCompletesOnceAndEveryDatagramIsAccountedFor() {
        qt().withFixedSeed(SEED).withExamples(400)
                .forAll(shapes(), faults(), longs().all())
                .checkAssert(DispatcherOnNetworkProperties::runAndCheck);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        qt().withFixedSeed(SEED + 1).withExamples(50)
                .forAll(shapes(), faults(), longs().all())
                .checkAssert((shape, faults, seed) ->
                        assertEquals(new Simulation(shape, faults, seed).run(), new Simulation(shape, faults, seed).run()));
    }

    private static void runAndCheck(Shape shape, Faults faults, long seed) {
        Simulation sim = new Simulation(shape, faults, seed);
        Outcome outcome = sim.run();

        assertTrue(sim.scheduler.isIdle(), "scheduler idle");
        assertEquals(0, sim.network.inFlight(), "nothing in flight");

        long replies = 0;
        long timeouts = 0;
        for (Sent r : sim.sent) {
            assertEquals(1, r.completions[0], () -> "request " + r + " completions");
            if (r.reply[0] != null) {
                Message reply = r.reply[0];
                assertEquals(MessageKind.REPLY, reply.kind());
                assertEquals(RootCode.KADEMLIA, reply.rootCode());
                assertEquals(ECHO, reply.header());
                assertArrayEquals(r.body, reply.body(), "the echo of this request, not of another");
                replies++;
            } else if (r.failure[0] instanceof TimeoutException) {
                timeouts++;
            } else {
                assertInstanceOf(DispatcherClosedException.class, r.failure[0], () -> "failure of " + r);
                assertTrue(sim.stopped[r.from], "only a stopped node's requests fail as closed");
            }
        }

        long received = 0;
        long matched = 0;
        long timedOut = 0;
        for (DispatcherStats s : outcome.stats()) {
            assertEquals(s.received() + s.submitted(), s.dispatched() + s.repliesMatched() + s.totalDropped(),
                    () -> "every event accounted for exactly once: " + s);
            assertEquals(0, s.queued());
            assertEquals(0, s.pendingReplies());
            assertEquals(0, s.handlerFailures(), "the echo handler always finds its endpoint open");
            assertEquals(0, s.sendFailures());
            received += s.received();
            matched += s.repliesMatched();
            timedOut += s.requestsTimedOut();
        }
        assertEquals(outcome.network().delivered(), received, "network deliveries == dispatcher receipts");
        assertEquals(replies, matched);
        assertEquals(timeouts, timedOut);

        TrafficStats t = outcome.network();
        assertEquals(t.sent() + t.duplicated(), t.delivered() + t.lost(), () -> "unicast copies conserved: " + t);
    }

    /** One request as fired, and what became of it. */
    private record Sent(int from, NodeAddress to, byte[] body, int[] completions, Message[] reply,
                        Throwable[] failure) {
        Sent(int from, NodeAddress to, byte[] body) {
            this(from, to, body, new int[1], new Message[1], new Throwable[1]);
        }

        @Override
        public String toString() {
            return "node " + from + " -> " + to + " (" + body.length + " bytes)";
        }
    }

    /** N nodes, each a dispatcher on an in-memory endpoint, all on one scheduler. */
    private static final class Simulation {
        final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        final InMemoryNetwork network;
        final List<RequestsDispatcher> dispatchers = new ArrayList<>();
        final List<InMemoryEndpoint> endpoints = new ArrayList<>();
        final List<Sent> sent = new ArrayList<>();
        final boolean[] stopped;
        private final Shape shape;
        private final SplittableRandom traffic;

        Simulation(Shape shape, Faults faults, long seed) {
            this.shape = shape;
            this.network = new InMemoryNetwork(seed, scheduler, faults.conditions());
            // The traffic's own generator, split from the seed: the network's draws stay its own.
            this.traffic = new SplittableRandom(~seed);
            this.stopped = new boolean[shape.nodes()];
            DispatcherConfig config = DispatcherConfig.defaults().withMaxWorkers(1);
            for (int i = 0; i < shape.nodes(); i++) {
                InMemoryEndpoint endpoint = network.endpoint();
                RequestsDispatcher dispatcher = RequestsDispatcher.builder(PeerId.random(traffic)).config(config)
                        .transport(endpoint).scheduler(scheduler).random(traffic.split()).build();
                RequestHandler echo = event -> event.reply(ECHO, event.message().body());
                // Half the nodes answer on the receiving thread when idle: accounting must hold either way.
                dispatcher.register(RootCode.KADEMLIA, i % 2 == 0 ? RequestHandler.nonBlocking(echo) : echo);
                endpoint.start(dispatcher);
                endpoints.add(endpoint);
                dispatchers.add(dispatcher);
            }
        }

        Outcome run() {
            for (int k = 0; k < shape.requests(); k++) {
                int from = traffic.nextInt(shape.nodes());
                NodeAddress to = traffic.nextInt(10) == 0
                        ? NOBODY
                        : endpoints.get(traffic.nextInt(shape.nodes())).localAddress();
                byte[] body = new byte[traffic.nextInt(65)];
                traffic.nextBytes(body);
                Duration timeout = Duration.ofMillis(5 + traffic.nextInt(500));
                Sent request = new Sent(from, to, body);
                sent.add(request);
                scheduler.schedule(Duration.ofMillis(traffic.nextInt(100)), () -> fire(request, timeout));
            }
            for (int c = 0; c < shape.stops(); c++) {
                int victim = traffic.nextInt(shape.nodes());
                boolean graceful = traffic.nextBoolean();
                scheduler.schedule(Duration.ofMillis(traffic.nextInt(100)), () -> stop(victim, graceful));
            }
            if (traffic.nextBoolean()) {
                List<NodeAddress> island = endpoints.stream().map(InMemoryEndpoint::localAddress)
                        .filter(a -> traffic.nextBoolean()).toList();
                int start = traffic.nextInt(100);
                scheduler.schedule(Duration.ofMillis(start), () -> network.partition(island));
                scheduler.schedule(Duration.ofMillis(start + 10 + traffic.nextInt(100)), network::heal);
            }
            scheduler.runUntilIdle(10_000_000);
            return new Outcome(dispatchers.stream().map(RequestsDispatcher::stats).toList(), network.totals(),
                    scheduler.now(), sent.stream().map(Simulation::result).toList());
        }

        private void fire(Sent request, Duration timeout) {
            CompletableFuture<Message> future = dispatchers.get(request.from())
                    .request(request.to(), RootCode.KADEMLIA, ECHO, request.body(), timeout);
            future.whenComplete((reply, failure) -> {
                request.completions()[0]++;
                request.reply()[0] = reply;
                request.failure()[0] = failure;
            });
        }

        /** Stops a node: at once (a crash), or gracefully, closing the endpoint once the queue is drained. */
        private void stop(int node, boolean graceful) {
            stopped[node] = true;
            if (graceful) {
                dispatchers.get(node).close().thenRun(endpoints.get(node)::close);
            } else {
                dispatchers.get(node).closeNow();
                endpoints.get(node).close();
            }
        }

        private static String result(Sent r) {
            return r.completions()[0] + ":" + (r.reply()[0] != null
                    ? "reply " + r.reply()[0].id()
                    : String.valueOf(r.failure()[0] == null ? null : r.failure()[0].getClass().getSimpleName()));
        }
    }
}
