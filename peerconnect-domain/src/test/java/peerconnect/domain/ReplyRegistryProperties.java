package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stateful property: a random sequence of request / reply (right or wrong source, duplicated) /
 * time passing / close actions; after every step the registry's accounting holds, and at the end
 * every request future has completed exactly once.
 */
class ReplyRegistryProperties {
    private static final NodeAddress[] PEERS = {
        NodeAddress.parse("127.0.0.2:1"), NodeAddress.parse("127.0.0.3:1"), NodeAddress.parse("[::1]:2")};
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));

    @Test
    void everyRequestCompletesExactlyOnce() {
        qt().withFixedSeed(0xF00DL).withExamples(300)
                .forAll(lists().of(integers().between(0, 999)).ofSizeBetween(1, 200), integers().between(1, 8))
                .checkAssert(this::runActions);
    }

    private record Outstanding(NodeAddress to, Message request, CompletableFuture<Message> future,
                               AtomicInteger completions) {
    }

    private void runActions(List<Integer> actions, int capacity) {
        ManualScheduler scheduler = new ManualScheduler();
        EnvelopeCodec codec = EnvelopeCodec.create();
        List<Message> sent = new ArrayList<>();
        var dispatcher = RequestsDispatcher.builder(PeerId.fromHex("aa".repeat(20)))
                .config(DispatcherConfig.defaults().withMaxWorkers(1).withMaxPendingReplies(capacity)).codec(codec)
                .transport((to, bytes) -> sent.add(((DecodeResult.Decoded) codec.decode(bytes)).message()))
                .scheduler(scheduler).random(new SplittableRandom(actions.size())).build();
        List<Outstanding> requests = new ArrayList<>();
        int replies = 0;
        for (int a : actions) {
            int op = a % 10;
            int arg = a / 10;
            if (op < 4) {
                NodeAddress to = PEERS[arg % PEERS.length];
                var future = dispatcher.request(to, RootCode.KADEMLIA, (byte) 1, new byte[0],
                        Duration.ofMillis(100 + arg));
                var completions = new AtomicInteger();
                future.whenComplete((m, e) -> completions.incrementAndGet());
                Message request = sent.isEmpty() ? null : sent.get(sent.size() - 1);
                requests.add(new Outstanding(to, request, future, completions));
            } else if (op < 7 && !requests.isEmpty()) {
                Outstanding o = requests.get(arg % requests.size());
                if (o.request() != null) {
                    // op 6 answers from a wrong address: it must never complete the request.
                    NodeAddress from = op == 6 ? PEERS[(indexOf(o.to()) + 1) % PEERS.length] : o.to();
                    dispatcher.onDatagram(from, codec.encode(o.request().replyWith((byte) 0x81, THEM, new byte[0])));
                    replies++;
                }
            } else if (op < 9) {
                scheduler.advance(Duration.ofMillis(arg));
            } else {
                scheduler.runReady();
            }
            checkAccounting(dispatcher, requests);
        }
        dispatcher.close();
        scheduler.runReady();
        checkAccounting(dispatcher, requests);
        DispatcherStats stats = dispatcher.stats();
        long refused = requests.stream().filter(o -> o.future().isCompletedExceptionally()
                && causeOf(o.future()) instanceof PendingRepliesFullException).count();
        long timedOut = requests.stream().filter(o -> causeOf(o.future()) instanceof TimeoutException).count();
        long closed = requests.stream().filter(o -> causeOf(o.future()) instanceof DispatcherClosedException).count();
        long matched = requests.stream().filter(o -> o.future().isDone() && !o.future().isCompletedExceptionally())
                .count();
        for (Outstanding o : requests) {
            assertEquals(1, o.completions().get(), "every future completes exactly once");
        }
        assertEquals(requests.size(), refused + timedOut + closed + matched);
        assertEquals(matched, stats.repliesMatched());
        assertEquals(timedOut, stats.requestsTimedOut());
        assertEquals(replies, stats.received());
        assertEquals(stats.received(), stats.repliesMatched() + stats.totalDropped(), "every reply accounted for");
    }

    private static void checkAccounting(RequestsDispatcher dispatcher, List<Outstanding> requests) {
        long open = requests.stream().filter(o -> !o.future().isDone()).count();
        assertEquals(open, dispatcher.stats().pendingReplies(), "pending replies = futures not yet completed");
        for (Outstanding o : requests) {
            assertTrue(o.completions().get() <= 1);
        }
    }

    private static Throwable causeOf(CompletableFuture<Message> future) {
        return future.handle((m, e) -> e).join();
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
