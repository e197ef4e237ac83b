package peerconnect.domain.bench;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.Responder;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;

/**
 * Events per second that a {@link RequestsDispatcher} takes in and fully hands to a no-op handler,
 * on a real executor. One invocation feeds {@link #BATCH} events from the benchmark thread and
 * returns only when the handler has seen all of them, so the score counts completed handling, not
 * enqueueing.
 *
 * <ul>
 *   <li>{@code onDatagram}: pre-encoded 100-byte datagrams (decode + enqueue + drain + handler);</li>
 *   <li>{@code submit}: pre-built events (the dispatcher alone);</li>
 *   <li>{@code baselineHandOff}: the same events through an {@link ArrayBlockingQueue} to
 *       {@code maxWorkers} consumer tasks on the same kind of executor, measured in the same run.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class DispatcherBenchmark {
    /** Events per invocation: far below the queue capacity, so nothing can be shed. */
    static final int BATCH = 4096;
    /** Distinct datagrams/events fed round-robin (power of two). */
    static final int DISTINCT = 64;
    /** A batch that takes longer than this is a hang, not a slow run. */
    static final Duration STALL = Duration.ofSeconds(10);

    /** A dispatcher wired to a {@link CompletionCounter} for every root code. */
    @State(Scope.Benchmark)
    public static class DispatcherState {
        @Param({"1", "2"})
        public int maxWorkers;
        @Param({"virtual", "platform"})
        public String executor;

        ExecutorService pool;
        /** Drain tasks the dispatcher handed to the executor: each may cost a thread wake-up. */
        final LongAdder turns = new LongAdder();
        RequestsDispatcher dispatcher;
        final CompletionCounter counter = new CompletionCounter();
        final byte[][] datagrams = new byte[DISTINCT][];
        final RequestEvent[] events = new RequestEvent[DISTINCT];

        @Setup(Level.Trial)
        public void setUp() {
            DispatcherConfig config = DispatcherConfig.defaults().withMaxWorkers(maxWorkers);
            if (config.queueCapacity() < BATCH) {
                throw new IllegalStateException("queue capacity " + config.queueCapacity() + " < batch " + BATCH
                        + ": the dispatcher would shed and the score would lie");
            }
            EnvelopeCodec codec = EnvelopeCodec.create();
            pool = executor(executor, maxWorkers);
            dispatcher = RequestsDispatcher.builder(PeerId.random(new SplittableRandom(99))).config(config).codec(codec)
                    .transport((to, datagram) -> {
                        throw new IllegalStateException("the no-op handler never sends");
                    })
                    .scheduler(Fixtures.scheduler(task -> {
                        turns.increment();
                        pool.execute(task);
                    }))
                    .random(new SplittableRandom(7)).build();
            for (RootCode code : RootCode.builtIns()) {
                dispatcher.register(code, counter);
            }
            for (int i = 0; i < DISTINCT; i++) {
                var message = Fixtures.message(i);
                datagrams[i] = codec.encode(message);
                events[i] = RequestEvent.local(message, Fixtures.FROM, Responder.none());
            }
        }

        void await(long count) {
            if (!counter.await(count, STALL)) {
                throw new IllegalStateException("handler saw " + counter.handled() + " of " + count
                        + " events within " + STALL + "; " + dispatcher.stats());
            }
        }

        /** Fails the run loudly if anything was lost: a score over shed events would be meaningless. */
        @TearDown(Level.Iteration)
        public void checkNothingLost() {
            DispatcherStats stats = dispatcher.stats();
            if (stats.totalDropped() != 0 || stats.handlerFailures() != 0 || stats.dispatched() != counter.handled()) {
                throw new IllegalStateException("events lost or failed: " + stats + "; handler saw "
                        + counter.handled());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            dispatcher.close().get(STALL.toSeconds(), TimeUnit.SECONDS);
            shutdown(pool);
        }
    }

    /**
     * Secondary result: executor turns per second. Divided by the score it gives turns per event,
     * i.e. how often the dispatcher had to wake a worker (1/64 at best with batches of 64).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Turns {
        public long executorTurns;
    }

    /** {@code maxWorkers} consumers taking from an {@link ArrayBlockingQueue} into the same counter. */
    @State(Scope.Benchmark)
    public static class HandOffState {
        @Param({"1", "2"})
        public int maxWorkers;
        @Param({"virtual", "platform"})
        public String executor;

        ExecutorService pool;
        ArrayBlockingQueue<RequestEvent> queue;
        final CompletionCounter counter = new CompletionCounter();
        final RequestEvent[] events = new RequestEvent[DISTINCT];

        @Setup(Level.Trial)
        public void setUp() {
            queue = new ArrayBlockingQueue<>(DispatcherConfig.defaults().queueCapacity());
            for (int i = 0; i < DISTINCT; i++) {
                events[i] = RequestEvent.local(Fixtures.message(i), Fixtures.FROM, Responder.none());
            }
            pool = executor(executor, maxWorkers);
            for (int w = 0; w < maxWorkers; w++) {
                pool.execute(() -> {
                    try {
                        while (true) {
                            counter.handle(queue.take());
                        }
                    } catch (InterruptedException e) {
                        // shutdownNow: the trial is over.
                    }
                });
            }
        }

        void await(long count) {
            if (!counter.await(count, STALL)) {
                throw new IllegalStateException("consumers saw " + counter.handled() + " of " + count
                        + " events within " + STALL + "; queued=" + queue.size());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            pool.shutdownNow();
            if (!pool.awaitTermination(STALL.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("hand-off consumers did not stop");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void onDatagram(DispatcherState s, Turns t) {
        long target = s.counter.expect(BATCH);
        long turnsBefore = s.turns.sum();
        for (int i = 0; i < BATCH; i++) {
            s.dispatcher.onDatagram(Fixtures.FROM, s.datagrams[i & (DISTINCT - 1)]);
        }
        s.await(target);
        t.executorTurns += s.turns.sum() - turnsBefore;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void submit(DispatcherState s, Turns t) {
        long target = s.counter.expect(BATCH);
        long turnsBefore = s.turns.sum();
        for (int i = 0; i < BATCH; i++) {
            s.dispatcher.submit(s.events[i & (DISTINCT - 1)]);
        }
        s.await(target);
        t.executorTurns += s.turns.sum() - turnsBefore;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void baselineHandOff(HandOffState s) {
        long target = s.counter.expect(BATCH);
        for (int i = 0; i < BATCH; i++) {
            if (!s.queue.offer(s.events[i & (DISTINCT - 1)])) {
                throw new IllegalStateException("hand-off queue full: the baseline would shed");
            }
        }
        s.await(target);
    }

    static ExecutorService executor(String kind, int workers) {
        return switch (kind) {
            case "virtual" -> Executors.newVirtualThreadPerTaskExecutor();
            case "platform" -> Executors.newFixedThreadPool(workers,
                    Thread.ofPlatform().name("bench-worker-", 0).daemon().factory());
            default -> throw new IllegalArgumentException("executor is 'virtual' or 'platform', got " + kind);
        };
    }

    static void shutdown(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(STALL.toSeconds(), TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("executor did not stop");
        }
    }
}
