package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import peerconnect.testkit.core.Stateful;

/**
 * Stateful property of the dispatcher's reply registry: a random sequence of typed operations —
 * send a request, answer one (from its address or from another), let time pass, run what is due,
 * close — with the registry's accounting checked after every step, and at the end every request
 * future completed exactly once. A failure shrinks to a short list of operations and names the step
 * that broke the invariant ({@link Stateful#check}); QuickTheories prints its seed.
 */
class ReplyRegistryProperties {
    private static final long SEED = 0xF00DL;
    private static final NodeAddress[] PEERS = {
        NodeAddress.parse("127.0.0.2:1"), NodeAddress.parse("127.0.0.3:1"), NodeAddress.parse("[::1]:2")};
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));
    /** Requests a sequence refers to by number; a reply to a number not yet used is skipped. */
    private static final int MAX_REQUEST_NUMBER = 99;

    /** One step of the sequence. */
    sealed interface Op {
        /** Sends the next request (numbered from 0 in the order sent) to peer {@code peer}. */
        record Request(int peer, int timeoutMillis) implements Op { }

        /** Answers request number {@code request}, from the peer it went to or from another one. */
        record Reply(int request, boolean fromItsPeer) implements Op { }

        /** Moves virtual time forward, running the deadlines that fall due. */
        record Advance(int millis) implements Op { }

        /** Runs what is due now without moving time. */
        record RunReady() implements Op { }

        /** Closes the dispatcher, gracefully or at once; later requests fail at once, later replies are dropped. */
        record Close(boolean now) implements Op { }
    }

    static Gen<Op> ops() {
        Gen<Op> request = integers().between(0, PEERS.length - 1).zip(integers().between(100, 199), Op.Request::new);
        Gen<Op> reply = integers().between(0, MAX_REQUEST_NUMBER).map(n -> new Op.Reply(n, true));
        Gen<Op> forged = integers().between(0, MAX_REQUEST_NUMBER).map(n -> new Op.Reply(n, false));
        Gen<Op> advance = integers().between(0, 99).map(Op.Advance::new);
        Gen<Op> runReady = Generate.<Op>constant(new Op.RunReady());
        // Rare: about once in a hundred steps, so most sequences run a while before they close.
        Gen<Op> close = Generate.booleans().map(Op.Close::new);
        return Generate.frequency(List.of(Pair.of(40, request), Pair.of(20, reply), Pair.of(10, forged),
                Pair.of(20, advance), Pair.of(10, runReady), Pair.of(1, close)));
    }

    @Test
    void everyRequestCompletesExactlyOnce() {
        // Stateful.check shortens a failing list itself (QuickTheories' own shrinking only cuts the tail).
        qt().withFixedSeed(SEED).withExamples(300).withShrinkCycles(0)
                .forAll(lists().of(ops()).ofSizeBetween(1, 200), integers().between(1, 8))
                .checkAssert((ops, capacity) ->
                        Stateful.check(ops, ReplyRegistryProperties::simpler, list -> new Run(capacity).apply(list)));
    }

    /** Simpler variants of a step, for a failure report: a reply to an earlier request, a shorter wait or time-out. */
    private static List<Op> simpler(Op op) {
        return switch (op) {
            case Op.Request r when r.timeoutMillis() > 100 -> List.of(new Op.Request(r.peer(), 100));
            case Op.Reply r when r.request() > 0 ->
                    List.of(new Op.Reply(0, r.fromItsPeer()), new Op.Reply(r.request() - 1, r.fromItsPeer()));
            case Op.Advance a when a.millis() > 0 -> List.of(new Op.Advance(a.millis() / 2));
            default -> List.of();
        };
    }

    /** A request as sent, the message that went out (none if it was refused), and its completions. */
    private record Outstanding(NodeAddress to, Optional<Message> sent, CompletableFuture<Message> future,
                               AtomicInteger completions) {
    }

    /** One dispatcher on a manual scheduler, and what the sequence did to it. */
    private static final class Run {
        final ManualScheduler scheduler = new ManualScheduler();
        final EnvelopeCodec codec = EnvelopeCodec.create();
        final List<Message> sent = new ArrayList<>();
        final List<Outstanding> requests = new ArrayList<>();
        final int capacity;
        final RequestsDispatcher dispatcher;
        int replies;

        Run(int capacity) {
            this.capacity = capacity;
            this.dispatcher = RequestsDispatcher.builder(PeerId.fromHex("aa".repeat(20)))
                    .config(DispatcherConfig.defaults().withMaxWorkers(1).withMaxPendingReplies(capacity)).codec(codec)
                    .transport((to, bytes) -> sent.add(((DecodeResult.Decoded) codec.decode(bytes)).message()))
                    .scheduler(scheduler).random(new SplittableRandom(SEED)).build();
        }

        void apply(List<Op> ops) {
            for (int step = 0; step < ops.size(); step++) {
                Op op = ops.get(step);
                try {
                    apply(op);
                    checkAccounting();
                } catch (AssertionError e) {
                    throw new AssertionError("at step " + step + ", " + op + ": " + e.getMessage(), e);
                }
            }
            dispatcher.close();
            scheduler.runReady();
            checkAccounting();
            checkEnd();
        }

        private void apply(Op op) {
            switch (op) {
                case Op.Request r -> {
                    NodeAddress to = PEERS[r.peer()];
                    int before = sent.size();
                    var future = dispatcher.request(to, RootCode.KADEMLIA, (byte) 1, new byte[0],
                            Duration.ofMillis(r.timeoutMillis()));
                    var completions = new AtomicInteger();
                    future.whenComplete((m, e) -> completions.incrementAndGet());
                    Optional<Message> out = sent.size() > before ? Optional.of(sent.get(before)) : Optional.empty();
                    requests.add(new Outstanding(to, out, future, completions));
                }
                case Op.Reply r -> {
                    if (r.request() < requests.size() && requests.get(r.request()).sent().isPresent()) {
                        Outstanding o = requests.get(r.request());
                        // From another peer it must never complete the request: ids alone can be forged.
                        NodeAddress from = r.fromItsPeer() ? o.to() : PEERS[(indexOf(o.to()) + 1) % PEERS.length];
                        Message reply = o.sent().orElseThrow().replyWith((byte) 0x81, THEM, new byte[0]);
                        dispatcher.onDatagram(from, codec.encode(reply));
                        replies++;
                    }
                }
                case Op.Advance a -> scheduler.advance(Duration.ofMillis(a.millis()));
                case Op.RunReady r -> scheduler.runReady();
                case Op.Close c -> {
                    if (c.now()) {
                        dispatcher.closeNow();
                    } else {
                        dispatcher.close();
                    }
                }
            }
        }

        /** What holds after every step. */
        private void checkAccounting() {
            DispatcherStats stats = dispatcher.stats();
            long open = requests.stream().filter(o -> !o.future().isDone()).count();
            assertEquals(open, stats.pendingReplies(), "pending replies = futures not yet completed");
            assertTrue(stats.pendingReplies() <= capacity, stats.pendingReplies() + " pending, capacity " + capacity);
            for (int i = 0; i < requests.size(); i++) {
                assertTrue(requests.get(i).completions().get() <= 1, "request " + i + " completed more than once");
            }
            assertEquals(count(Outcome.MATCHED), stats.repliesMatched(), "matched replies = futures with a reply");
            assertEquals(stats.repliesMatched(), dispatcher.roundTrips().count(), "one round trip per matched reply");
            assertEquals(count(Outcome.TIMED_OUT), stats.requestsTimedOut(), "time-outs = futures timed out");
            assertEquals(replies, stats.received(), "every reply sent was received");
            assertEquals(stats.received(), stats.repliesMatched() + stats.totalDropped(), "every reply accounted for");
        }

        /** What holds once the dispatcher is closed. */
        private void checkEnd() {
            for (int i = 0; i < requests.size(); i++) {
                assertEquals(1, requests.get(i).completions().get(), "request " + i + " completes exactly once");
            }
            assertEquals(requests.size(), count(Outcome.MATCHED) + count(Outcome.TIMED_OUT) + count(Outcome.REFUSED)
                    + count(Outcome.CLOSED), "every request ended one way");
        }

        private long count(Outcome outcome) {
            return requests.stream().filter(o -> Outcome.of(o.future()) == outcome).count();
        }
    }

    /** How a request future ended, if it did. */
    private enum Outcome {
        OPEN, MATCHED, TIMED_OUT, REFUSED, CLOSED, OTHER;

        static Outcome of(CompletableFuture<Message> future) {
            if (!future.isDone()) {
                return OPEN;
            }
            Throwable cause = future.handle((m, e) -> e).join();
            return switch (cause) {
                case null -> MATCHED;
                case TimeoutException t -> TIMED_OUT;
                case PendingRepliesFullException p -> REFUSED;
                case DispatcherClosedException c -> CLOSED;
                default -> OTHER;
            };
        }
    }

    private static int indexOf(NodeAddress a) {
        for (int i = 0; i < PEERS.length; i++) {
            if (PEERS[i].equals(a)) {
                return i;
            }
        }
        throw new AssertionError(a);
    }
}
