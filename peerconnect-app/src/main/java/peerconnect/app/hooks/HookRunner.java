package peerconnect.app.hooks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hooks of each event, off the node's threads and bounded three ways: at most
 * {@code concurrency} hook processes at once, at most {@code queue} events waiting (beyond that an
 * event's hooks are dropped, counted and logged, never waited for), and each process killed after
 * {@code timeout}. A hook is {@code /bin/sh -c COMMAND} with the event in {@code PEERCONNECT_*}
 * variables and its payload on stdin; its stdout and stderr are appended to one log file. A failing,
 * slow or missing command is logged with the event and counted; the node never waits for one.
 */
public final class HookRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);

    /**
     * How the runner is bounded.
     *
     * @param concurrency hook processes at once
     * @param queue       events waiting for a free slot
     * @param timeout     the longest one hook process may run
     */
    public record Limits(int concurrency, int queue, Duration timeout) {
        /** Checks the limits are positive. */
        public Limits {
            if (concurrency < 1 || queue < 1 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("hook limits must be positive: " + concurrency + ", " + queue
                        + ", " + timeout);
            }
        }

        /**
         * Two at once (a hook is a process: more would compete with the node for a small host's
         * cores), 64 waiting (a burst of joins when a node comes up next to a few dozen peers), 10 s
         * each (Serf leaves this to the script; a hung script must not pile up processes).
         */
        public static Limits defaults() {
            return new Limits(2, 64, Duration.ofSeconds(10));
        }
    }

    private final List<EventHook> hooks;
    private final Limits limits;
    private final Map<String, String> common;
    private final Path output;
    private final ThreadPoolExecutor workers;
    private final LongAdder started = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /**
     * @param common variables every hook gets (e.g. {@code PEERCONNECT_NODE_ID})
     * @param output the file the hooks' stdout and stderr are appended to
     */
    public HookRunner(List<EventHook> hooks, Limits limits, Map<String, String> common, Path output) {
        this.hooks = List.copyOf(hooks);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.common = Map.copyOf(common);
        this.output = Objects.requireNonNull(output, "output");
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.concurrency(), limits.concurrency(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> {
                    Thread t = new Thread(r, "peerconnect-hook-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the hooks that ask for {@code event}; returns at once. Safe from any thread. */
    public void fire(HookEvent event) {
        for (EventHook hook : hooks) {
            if (!hook.events().contains(event.kind())) {
                continue;
            }
            try {
                workers.execute(() -> run(hook, event));
            } catch (RejectedExecutionException e) {
                dropped.increment();
                LOG.warn("hook dropped event={} command='{}': {} hooks running and {} waiting already ({} dropped"
                        + " so far)", event.name(), hook.command(), limits.concurrency(), limits.queue(), dropped.sum());
            }
        }
    }

    private void run(EventHook hook, HookEvent event) {
        started.increment();
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", hook.command())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(common);
        env.put("PEERCONNECT_EVENT", event.name());
        env.putAll(event.variables());
        long t0 = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            failed.increment();
            LOG.warn("hook could not start event={} command='{}': {}", event.name(), hook.command(), e.getMessage());
            return;
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(event.payload());
        } catch (IOException e) {
            // The hook did not read its stdin (it exited first): no harm.
        }
        try {
            if (!process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                timedOut.increment();
                LOG.warn("hook killed after {} s event={} command='{}'", limits.timeout().toSeconds(), event.name(),
                        hook.command());
                return;
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (process.exitValue() != 0) {
            failed.increment();
            LOG.warn("hook failed exit={} after {} ms event={} command='{}'", process.exitValue(), millis,
                    event.name(), hook.command());
        } else {
            LOG.info("hook ran in {} ms event={} command='{}'", millis, event.name(), hook.command());
        }
    }

    /** Hook processes started, failed (non-zero exit or no start), killed by the timeout, dropped. */
    public Map<String, Long> counters() {
        return Map.of("hooks.started", started.sum(), "hooks.failed", failed.sum(), "hooks.timedOut", timedOut.sum(),
                "hooks.dropped", dropped.sum());
    }

    /** Stops taking events; hooks still queued are dropped, running ones killed. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
