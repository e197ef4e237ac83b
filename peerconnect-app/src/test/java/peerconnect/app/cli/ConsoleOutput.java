package peerconnect.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The standard output of a node process driven through its console, read line by line on a daemon
 * thread: every line is kept (with when it was first printed) and {@link #expect} waits for the next
 * line a test wants, keeping the lines it passes over for later calls and failure messages.
 */
final class ConsoleOutput {
    private final Process process;
    private final String who;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> firstPrinted = new ConcurrentHashMap<>();

    /** Starts reading {@code process}'s stdout on a daemon thread named {@code thread}; {@code who} names it in failures. */
    ConsoleOutput(Process process, String thread, String who) {
        this.process = process;
        this.who = who;
        Thread.ofPlatform().daemon().name(thread).start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    firstPrinted.putIfAbsent(line, System.nanoTime());
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("error reading node output: " + e);
            }
        });
    }

    /**
     * The next line {@code wanted} accepts (also among lines passed over before); the others are kept.
     * Fails after {@code timeout} with whether the process is alive and {@code shown} (its output).
     */
    String expect(Predicate<String> wanted, Duration timeout, Supplier<String> shown) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (skipped) {
            for (String l : skipped) {
                if (wanted.test(l)) {
                    skipped.remove(l);
                    return l;
                }
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(who + ": no expected line within " + timeout + " (alive="
                        + process.isAlive() + "); " + shown.get());
            }
            if (wanted.test(line)) {
                return line;
            }
            skipped.add(line);
        }
    }

    /** Every line printed so far, in order (a live, synchronized list). */
    List<String> all() {
        return all;
    }

    /** The lines {@link #expect} passed over and no later call took. */
    List<String> unconsumed() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** The last {@code n} lines printed. */
    List<String> tail(int n) {
        synchronized (all) {
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    /** When ({@link System#nanoTime}) {@code line} was first printed, if it was. */
    Optional<Long> printedAt(String line) {
        return Optional.ofNullable(firstPrinted.get(line));
    }
}
