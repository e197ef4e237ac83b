package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import peerconnect.domain.DispatcherClosedException;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.Message;
import peerconnect.domain.MessageKind;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.testkit.core.TestGens;
import peerconnect.testkit.ports.VirtualNetwork;

/**
 * Real {@link RequestsDispatcher}s talking over the in-memory network under random loss,
 * duplication, latency, a partition and node stops (crashes and graceful closes): every request
 * completes exactly once, every dispatcher accounts for every event, and the network's deliveries
 * are exactly the dispatchers' receipts.
 *
 * <p>The traffic is drawn as data (which node asks which, with what body, when; which node stops,
 * when and how; which nodes a partition cuts off), so a failure shrinks to a short readable list of
 * requests. The network's own draws (which datagram is lost, each delay) come from a seed, which is
 * part of the reported input. QuickTheories runs from a fixed seed ({@value #SEED}) and prints it on
 * failure.
 */
class DispatcherOnNetworkProperties {

    private static final long SEED = 0x5EED_0F_D15BL;
    private static final byte ECHO = 0x11;
    // A unicast address no node has: requests to it can only time out.
    private static final NodeAddress NOBODY = NodeAddress.parse("198.19.255.254:4000");
    private static final int TO_NOBODY = -1;

    /** What the network does to datagrams. */
    record Faults(double loss, double duplication, int baseLatencyMicros, int jitterMicros) {
        NetworkConditions conditions() {
            return new NetworkConditions(loss, Duration.ofNanos(baseLatencyMicros * 1_000L),
                    Duration.ofNanos(jitterMicros * 1_000L), duplication);
        }
    }

    /** Node {@code from} asks node {@code to} (or nobody) to echo {@code body}, {@code atMillis} after the start. */
    record Request(int from, int to, byte[] body, int timeoutMillis, int atMillis) {
        @Override
        public String toString() {
            return "node " + from + " -> " + (to == TO_NOBODY ? "nobody" : "node " + to) + " (" + body.length
                    + " bytes, timeout " + timeoutMillis + " ms, at " + atMillis + " ms)";
        }
    }

    /** Node {@code node} stops at {@code atMillis}: gracefully (drains, then closes) or at once (a crash). */
    record Stop(int node, boolean graceful, int atMillis) {
        @Override
        public String toString() {
            return (graceful ? "close" : "crash") + " node " + node + " at " + atMillis + " ms";
        }
    }

    /** The nodes flagged true are cut off from the rest from {@code startMillis} for {@code lengthMillis}. */
    record Partition(List<Boolean> island, int startMillis, int lengthMillis) { }

    /** Everything one run does, drawn as data. */
    record Scenario(int nodes, List<Request> requests, List<Stop> stops, Optional<Partition> partition) { }

    /** Everything a run leaves behind, comparable between runs. */
    record Outcome(List<DispatcherStats> stats, TrafficStats network, Instant end, List<String> results) { }

    private static Gen<Scenario> scenarios() {
        return integers().between(2, 20).flatMap(n -> {
            Gen<Integer> node = integers().between(0, n - 1);
            // One request in ten goes to an address nobody has.
            Gen<Integer> target = Generate.frequency(Pair.of(1, Generate.constant(TO_NOBODY)), Pair.of(9, node));
            Gen<Request> requests = node.zip(target, TestGens.bytes(0, 64), integers().between(5, 504),
                    integers().between(0, 99), Request::new);
            Gen<Stop> stops = node.zip(booleans().all(), integers().between(0, 99), Stop::new);
            Gen<Partition> partitions = lists().of(booleans().all()).ofSize(n)
                    .zip(integers().between(0, 99), integers().between(10, 109), Partition::new);
            return lists().of(requests).ofSizeBetween(1, 80)
                    .zip(lists().of(stops).ofSizeBetween(0, 2), partitions.toOptionals(50),
                            (r, s, p) -> new Scenario(n, r, s, p));
        });
    }

    private static Gen<Faults> faults() {
        return doubles().between(0, 0.4).zip(doubles().between(0, 0.3), integers().between(0, 5_000),
                integers().between(0, 20_000), Faults::new);
    }

    @Test
    void everyRequestCompletesOnceAndEveryDatagramIsAccountedFor() {
        qt().withFixedSeed(SEED).withExamples(400)
                .forAll(scenarios(), faults(), longs().all())
                .checkAssert(DispatcherOnNetworkProperties::runAndCheck);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        qt().withFixedSeed(SEED + 1).withExamples(50)
                .forAll(scenarios(), faults(), longs().all())
                .checkAssert((scenario, faults, networkSeed) -> assertEquals(
                        new Simulation(scenario, faults, networkSeed).run(),
                        new Simulation(scenario, faults, networkSeed).run()));
    }

    private static void runAndCheck(Scenario scenario, Faults faults, long networkSeed) {
        Simulation sim = new Simulation(scenario, faults, networkSeed);
        Outcome outcome = sim.run();

        assertTrue(sim.net.scheduler().isIdle(), "scheduler idle");
        assertEquals(0, sim.net.network().inFlight(), "nothing in flight");

        long replies = 0;
        long timeouts = 0;
        for (Sent r : sim.sent) {
            assertEquals(1, r.completions[0], () -> "request " + r.request + " completions");
            if (r.reply[0] != null) {
                Message reply = r.reply[0];
                assertEquals(MessageKind.REPLY, reply.kind());
                assertEquals(RootCode.KADEMLIA, reply.rootCode());
                assertEquals(ECHO, reply.op());
                assertArrayEquals(r.request.body(), reply.body(), "the echo of this request, not of another");
                replies++;
            } else if (r.failure[0] instanceof TimeoutException) {
                timeouts++;
            } else {
                assertInstanceOf(DispatcherClosedException.class, r.failure[0], () -> "failure of " + r.request);
                assertTrue(sim.stopped[r.request.from()], "only a stopped node's requests fail as closed");
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
    private record Sent(Request request, int[] completions, Message[] reply, Throwable[] failure) {
        Sent(Request request) {
            this(request, new int[1], new Message[1], new Throwable[1]);
        }
    }

    /** The scenario's nodes, each an echoing dispatcher on the kit's virtual network. */
    private static final class Simulation {
        final VirtualNetwork net;
        final List<VirtualNetwork.Node> nodes = new ArrayList<>();
        final List<Sent> sent = new ArrayList<>();
        final boolean[] stopped;
        private final Scenario scenario;

        Simulation(Scenario scenario, Faults faults, long networkSeed) {
            this.scenario = scenario;
            this.net = VirtualNetwork.create(networkSeed, faults.conditions());
            this.stopped = new boolean[scenario.nodes()];
            for (int i = 0; i < scenario.nodes(); i++) {
                VirtualNetwork.Node node = net.node();
                RequestHandler echo = event -> event.reply(ECHO, event.message().body());
                // Half the nodes answer on the receiving thread when idle: accounting must hold either way.
                node.dispatcher().register(RootCode.KADEMLIA, i % 2 == 0 ? RequestHandler.nonBlocking(echo) : echo);
                nodes.add(node);
            }
        }

        Outcome run() {
            VirtualTimeScheduler scheduler = net.scheduler();
            for (Request r : scenario.requests()) {
                Sent request = new Sent(r);
                sent.add(request);
                scheduler.schedule(Duration.ofMillis(r.atMillis()), () -> fire(request));
            }
            for (Stop s : scenario.stops()) {
                scheduler.schedule(Duration.ofMillis(s.atMillis()), () -> stop(s));
            }
            scenario.partition().ifPresent(p -> {
                List<NodeAddress> island = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    if (p.island().get(i)) {
                        island.add(nodes.get(i).address());
                    }
                }
                scheduler.schedule(Duration.ofMillis(p.startMillis()), () -> net.network().partition(island));
                scheduler.schedule(Duration.ofMillis(p.startMillis() + p.lengthMillis()), net.network()::heal);
            });
            scheduler.runUntilIdle(10_000_000);
            return new Outcome(nodes.stream().map(n -> n.dispatcher().stats()).toList(), net.network().totals(),
                    scheduler.now(), sent.stream().map(Simulation::result).toList());
        }

        private void fire(Sent sent) {
            Request r = sent.request();
            NodeAddress to = r.to() == TO_NOBODY ? NOBODY : nodes.get(r.to()).address();
            CompletableFuture<Message> future = nodes.get(r.from()).dispatcher()
                    .request(to, RootCode.KADEMLIA, ECHO, r.body(), Duration.ofMillis(r.timeoutMillis()));
            future.whenComplete((reply, failure) -> {
                sent.completions()[0]++;
                sent.reply()[0] = reply;
                sent.failure()[0] = failure;
            });
        }

        /** Stops a node: at once (a crash), or gracefully, closing the endpoint once the queue is drained. */
        private void stop(Stop s) {
            stopped[s.node()] = true;
            VirtualNetwork.Node node = nodes.get(s.node());
            if (s.graceful()) {
                node.dispatcher().close().thenRun(node.transport()::close);
            } else {
                node.crash();
            }
        }

        private static String result(Sent r) {
            return r.completions()[0] + ":" + (r.reply()[0] != null
                    ? "reply " + r.reply()[0].id()
                    : String.valueOf(r.failure()[0] == null ? null : r.failure()[0].getClass().getSimpleName()));
        }
    }
}
