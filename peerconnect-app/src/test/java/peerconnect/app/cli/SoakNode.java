package peerconnect.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code peerconnect run} process of the soak, driven through its console as a person would:
 * {@link #ask} types a command and waits for the line that answers it. Gossip lines, which arrive at
 * any time, go to the listener set with {@link #onGossip}; other lines that answer nothing asked
 * are dropped (and counted).
 */
final class SoakNode {
    private static final Pattern BANNER = Pattern.compile("^peerconnect node ([0-9a-f]{40}) ");

    final int host;
    final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile Consumer<String> gossip = line -> { };
    private volatile String id = "";
    private long unrelated;

    SoakNode(int host, Process process) {
        this.host = host;
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("soak-node-" + host).start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("gossip from ")) {
                        gossip.accept(line);
                    } else {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                lines.add("error reading node output: " + e);
            }
        });
    }

    /** Sends each gossip line this node prints to {@code listener}. */
    SoakNode onGossip(Consumer<String> listener) {
        this.gossip = listener;
        return this;
    }

    /** Waits for the console's banner and returns the node's peer id. */
    String awaitBanner(Duration timeout) throws InterruptedException {
        Matcher m = BANNER.matcher(next(l -> BANNER.matcher(l).find(), timeout));
        if (!m.find()) {
            throw new IllegalStateException("node " + host + ": no banner");
        }
        id = m.group(1);
        return id;
    }

    String id() {
        return id;
    }

    /** Types {@code command}, then returns the first line {@code isAnswer} accepts; throws if none comes in time. */
    String ask(String command, Predicate<String> isAnswer, Duration timeout) throws InterruptedException {
        in.println(command);
        return next(isAnswer, timeout);
    }

    private String next(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("node " + host + ": no answer within " + timeout + " (alive="
                        + process.isAlive() + ")");
            }
            if (wanted.test(line)) {
                return line;
            }
            unrelated++;
        }
    }

    /** Types {@code quit} and returns the exit code (-1: still running after {@code timeout}, then killed). */
    int quit(Duration timeout) throws InterruptedException {
        in.println("quit");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** SIGKILL: {@code ip netns exec} and the launcher both exec, so this is the JVM itself. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
