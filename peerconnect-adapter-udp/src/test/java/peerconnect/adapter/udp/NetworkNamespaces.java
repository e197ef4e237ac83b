package peerconnect.adapter.udp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Network namespaces a test creates, links and removes, and child JVMs ({@link NamespaceNode}) running
 * inside them. Every name starts with {@code pc-udp-<pid>-}, only 10.77.0.0/16 and fd77::/16 are used,
 * and nothing in the root namespace is touched. {@link #close} deletes every namespace made here
 * (which deletes their interfaces) and ends every child, whatever happened before.
 */
final class NetworkNamespaces implements AutoCloseable {
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final String prefix = "pc-udp-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet() + "-";
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final List<Child> children = Collections.synchronizedList(new ArrayList<>());

    /** Why namespaces cannot be made here, or empty if they can (tried for real: root, `ip`, a probe namespace). */
    static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces exist on Linux only, this is " + System.getProperty("os.name"));
        }
        String probe = "pc-udp-" + ProcessHandle.current().pid() + "-probe";
        try {
            Result add = run(List.of("ip", "netns", "add", probe));
            if (add.exit != 0) {
                return Optional.of("cannot create a network namespace (needs root and iproute2): " + add.output.strip());
            }
            run(List.of("ip", "netns", "del", probe));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run `ip` (iproute2 missing?): " + e.getMessage());
        }
    }

    /**
     * Deletes namespaces an earlier test JVM made and could not remove because it was killed: those
     * named {@code pc-udp-<pid>-...} whose process is gone. Never touches any other namespace.
     */
    static void removeLeftovers() {
        try {
            Result list = run(List.of("ip", "netns", "list"));
            for (String line : list.output.split("\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(pc-udp-(\\d+)-\\S+)").matcher(line);
                if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                    run(List.of("ip", "netns", "del", m.group(1)));
                    System.err.println("removed namespace " + m.group(1) + " left over by a killed test run");
                }
            }
        } catch (IOException e) {
            System.err.println("could not list namespaces: " + e);
        }
    }

    /** Creates namespace {@code prefix + name} with its loopback up; returns the full name. */
    String create(String name) {
        String ns = prefix + name;
        ip("netns", "add", ns);
        created.add(ns);
        // No duplicate address detection: a tentative IPv6 address cannot send for ~2 s.
        // Written through /proc rather than with sysctl(8), which a minimal machine may lack.
        setSysctl(ns, "net/ipv6/conf/all/accept_dad", "0");
        setSysctl(ns, "net/ipv6/conf/default/accept_dad", "0");
        ip("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** Sets kernel setting {@code key} (a path under /proc/sys) inside namespace {@code ns}. */
    void setSysctl(String ns, String key, String value) {
        exec(ns, "sh", "-c", "echo " + value + " > /proc/sys/" + key);
    }

    /** Runs {@code ip args...}, failing the test with its output if it fails. */
    void ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        check(cmd);
    }

    /** Runs a command inside namespace {@code ns}. */
    void exec(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(args));
        check(cmd);
    }

    /** Starts a {@link NamespaceNode} JVM inside {@code ns} and waits until it is ready. */
    Child startNode(String ns) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of("ip", "netns", "exec", ns, java, "-cp", childClassPath(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", NamespaceNode.class.getName());
        Process process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Child child = new Child(ns, process);
        children.add(child);
        child.expect(l -> l.equals("ready"), Duration.ofSeconds(30));
        return child;
    }

    @Override
    public void close() {
        for (Child child : List.copyOf(children)) {
            child.stop();
        }
        for (String ns : List.copyOf(created)) {
            try {
                Result r = run(List.of("ip", "netns", "del", ns));
                if (r.exit != 0) {
                    System.err.println("could not delete namespace " + ns + ": " + r.output);
                }
            } catch (IOException e) {
                System.err.println("could not delete namespace " + ns + ": " + e);
            }
        }
    }

    /** One child JVM and its stdout, line by line. */
    static final class Child {
        final String namespace;
        private final Process process;
        private final PrintWriter in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        Child(String namespace, Process process) {
            this.namespace = namespace;
            this.process = process;
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name("child-" + namespace).start(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("error reading child: " + e);
                }
            });
        }

        void command(String line) {
            in.println(line);
        }

        /** The next line matching {@code wanted} (skipping others, which stay readable through {@link #seen}). */
        String expect(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (seen) {
                for (String l : seen) {
                    if (wanted.test(l)) {
                        seen.remove(l);
                        return l;
                    }
                }
            }
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("namespace " + namespace + ": no expected line within " + timeout
                            + "; lines so far: " + seen);
                }
                if (line.startsWith("error")) {
                    throw new AssertionError("namespace " + namespace + ": " + line);
                }
                if (wanted.test(line)) {
                    return line;
                }
                seen.add(line);
            }
        }

        /** Lines received and not yet consumed by {@link #expect}. */
        List<String> unconsumed() throws InterruptedException {
            Thread.sleep(0);
            List<String> drained = new ArrayList<>();
            lines.drainTo(drained);
            seen.addAll(drained);
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }

        void stop() {
            if (process.isAlive()) {
                command("quit");
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static String childClassPath() {
        Stream<String> paths = Stream.of(System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""), Path.of("target", "test-classes").toAbsolutePath().toString(),
                Path.of("target", "classes").toAbsolutePath().toString());
        return paths.flatMap(p -> Stream.of(p.split(java.io.File.pathSeparator)))
                .filter(p -> !p.isBlank() && Files.exists(Path.of(p)))
                .distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private record Result(int exit, String output) {
    }

    private static void check(List<String> cmd) {
        try {
            Result r = run(cmd);
            if (r.exit != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + output);
            }
            return new Result(p.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "interrupted");
        }
    }
}
