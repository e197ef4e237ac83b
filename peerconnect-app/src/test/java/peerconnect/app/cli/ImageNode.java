package peerconnect.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code bin/peerconnect run} process of the runtime image inside a host of an {@link ImpairedLan},
 * driven through its console as a person would: lines typed into stdin, answers read from stdout.
 */
final class ImageNode {
    static final Path IMAGE = Path.of("target", "peerconnect", "bin", "peerconnect").toAbsolutePath();
    private static final Pattern BANNER = Pattern.compile("^peerconnect node ([0-9a-f]{40}) at (\\S+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{40})\"");
    private static final Pattern CONTACT = Pattern.compile(
            "\\{\"id\":\"([0-9a-f]{40})\",(?:\"name\":\"(?:[^\"\\\\]|\\\\.)*\",)?\"address\":\"([^\"]+)\"");
    private static final Pattern COUNTER = Pattern.compile("\"([a-zA-Z.]+)\":(\\d+)");

    final int host;
    final long launchedNanos;
    volatile long bannerNanos;
    private final Process process;
    private final PrintWriter in;
    private final ConsoleOutput output;
    private String id = "";
    private String address = "";

    private ImageNode(int host, Process process, long launchedNanos) {
        this.host = host;
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.output = new ConsoleOutput(process, "image-node-" + host, "node " + host);
    }

    /**
     * Skips the calling test, saying why on stderr, where an {@link ImpairedLan} cannot be made or the
     * runtime image is not built.
     */
    static void assumeLanAndImage(String test) {
        Optional<String> reason = ImpairedLan.unavailableReason()
                .or(() -> java.nio.file.Files.isExecutable(IMAGE) ? Optional.empty()
                        : Optional.of("no runtime image at " + IMAGE + " (built by package)"));
        if (reason.isPresent()) {
            System.err.println(test + " skipped: " + reason.get());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(reason.isEmpty(), reason.orElse(""));
    }

    /** Launches {@code run --name <name> --data-dir <dataDir> extra...} on host {@code host}; does not wait. */
    static ImageNode launch(ImpairedLan lan, int host, Path dataDir, String name, String... extra) throws IOException {
        List<String> cmd = NamespaceLab.imageRun(IMAGE, dataDir, name, extra);
        long t0 = System.nanoTime();
        return new ImageNode(host, lan.start(host, cmd, ProcessBuilder.Redirect.DISCARD), t0);
    }

    /** Waits for the banner line (the console is up) and learns the node's id and address from it. */
    ImageNode awaitBanner(Duration timeout) throws InterruptedException {
        Matcher m = BANNER.matcher(expect(l -> BANNER.matcher(l).find(), timeout));
        bannerNanos = System.nanoTime();
        if (!m.find()) {
            throw new AssertionError("no banner");
        }
        id = m.group(1);
        address = m.group(2);
        return this;
    }

    String id() {
        return id;
    }

    String address() {
        return address;
    }

    void type(String line) {
        in.println(line);
    }

    /** Id to address, from one answer of {@code peers --json}. */
    java.util.Map<String, String> contacts() throws InterruptedException {
        type("peers --json");
        String line = expect(l -> l.startsWith("{\"peers\""), Duration.ofSeconds(30));
        java.util.Map<String, String> out = new java.util.HashMap<>();
        Matcher m = CONTACT.matcher(line);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The numeric fields of one answer of {@code status --json} (counters and dispatcher figures), by name. */
    java.util.Map<String, Long> counters() throws InterruptedException {
        type("status --json");
        String line = expect(l -> l.startsWith("{\"id\"") && l.contains("\"counters\""), Duration.ofSeconds(30));
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        Matcher m = COUNTER.matcher(line);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** Resident memory of the node's JVM in MiB, from /proc (0 if it is gone). */
    long residentMib() {
        try {
            for (String l : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** The ids in one answer of {@code peers --json}. */
    Set<String> peers() throws InterruptedException {
        type("peers --json");
        return Set.copyOf(ids(expect(l -> l.startsWith("{\"peers\""), Duration.ofSeconds(15))));
    }

    static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The next line {@code wanted} accepts (also among lines skipped before); others are kept. */
    String expect(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return output.expect(wanted, timeout, () -> "last output: " + output.tail(20));
    }

    /** Whether the node printed {@code line} at any time. */
    boolean printed(String line) {
        return output.printedAt(line).isPresent();
    }

    /** When ({@link System#nanoTime}) the node first printed {@code line}, if it did. */
    Optional<Long> printedAt(String line) {
        return output.printedAt(line);
    }

    /** SIGKILL: {@code ip netns exec} and the launcher both exec, so this is the JVM itself. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Types {@code quit} and waits for the exit code (-1 and killed if it takes longer than {@code timeout}). */
    int quit(Duration timeout) throws InterruptedException {
        type("quit");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }
}
