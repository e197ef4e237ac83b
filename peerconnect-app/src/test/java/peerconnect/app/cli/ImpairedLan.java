package peerconnect.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A bad LAN for tests: {@code hosts} network namespaces ({@code pc-lan-<pid>-<n>-h1..}, each with
 * {@code lan0} = 10.79.0.<i>/24 and fd79::<i>/64) whose veth pairs end in one more namespace
 * ({@code ...-br}) where {@code ImpairingBridge} (src/test/netlab, a JDK 22+ source program on
 * AF_PACKET sockets) switches frames between them with loss, delay ± jitter, duplication,
 * reordering and cuts. No Linux bridge joins the ports, so every frame crosses the impairing program.
 *
 * <p>Everything it makes is removed by {@link #close}, also after a failure: processes started in
 * the namespaces first, then the namespaces (which removes their interfaces). Namespaces left by a
 * killed test JVM are removed by {@link #removeLeftovers}. Only 10.79.0.0/24 and fd79::/64 are used,
 * and nothing in the root namespace is touched.
 */
final class ImpairedLan implements AutoCloseable {
    static final Path BRIDGE_SOURCE = Path.of("src", "test", "netlab", "ImpairingBridge.java").toAbsolutePath();
    private static final Pattern LEFTOVER = Pattern.compile("^(pc-lan-(\\d+)-\\S+)");
    private static int serial;

    private final String prefix;
    private final int hosts;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final Process bridge;
    private final PrintWriter bridgeIn;
    private final BlockingQueue<String> bridgeOut = new LinkedBlockingQueue<>();

    /** The link settings of the bridge's {@code set} command; {@link #NONE} is a perfect LAN. */
    record Impairment(double loss, int delayMs, int jitterMs, double dup, double reorder) {
        static final Impairment NONE = new Impairment(0, 0, 0, 0, 0);

        /** The bad LAN of the proof run: 10 % loss, 30 ± 10 ms, 1 % duplication, 2 % held back a delay more. */
        static final Impairment BAD = new Impairment(0.10, 30, 10, 0.01, 0.02);

        String command() {
            return "set loss=" + loss + " delay=" + delayMs + " jitter=" + jitterMs + " dup=" + dup + " reorder=" + reorder;
        }
    }

    /**
     * Why this machine cannot make an impaired LAN, or empty if it can: Linux, root and {@code ip}
     * (a probe namespace is made and removed), and a JDK 22 or newer to run the bridge.
     */
    static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces exist on Linux only, this is " + System.getProperty("os.name"));
        }
        if (Runtime.version().feature() < 22) {
            return Optional.of("the impairing bridge needs a JDK 22 or newer (foreign function API); this is "
                    + Runtime.version());
        }
        if (!Files.isReadable(BRIDGE_SOURCE)) {
            return Optional.of("no bridge source at " + BRIDGE_SOURCE);
        }
        String probe = "pc-lan-" + ProcessHandle.current().pid() + "-probe";
        try {
            String[] add = run("ip", "netns", "add", probe);
            if (!add[0].equals("0")) {
                return Optional.of("cannot create a network namespace (needs root and iproute2): " + add[1].strip());
            }
            run("ip", "netns", "del", probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run `ip` (iproute2 missing?): " + e.getMessage());
        }
    }

    /** Deletes namespaces named {@code pc-lan-<pid>-...} whose test JVM is gone; no others. */
    static void removeLeftovers() {
        try {
            for (String line : run("ip", "netns", "list")[1].split("\n")) {
                Matcher m = LEFTOVER.matcher(line);
                if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                    run("ip", "netns", "del", m.group(1));
                    System.err.println("removed namespace " + m.group(1) + " left over by a killed test run");
                }
            }
        } catch (IOException e) {
            System.err.println("could not list namespaces: " + e);
        }
    }

    /** Makes the namespaces and links and starts the bridge with {@code seed}; the LAN starts perfect. */
    ImpairedLan(int hosts, long seed) throws IOException, InterruptedException {
        synchronized (ImpairedLan.class) {
            serial++;
            prefix = "pc-lan-" + ProcessHandle.current().pid() + "-" + serial + "-";
        }
        this.hosts = hosts;
        Process started = null;
        try {
            String br = create("br");
            // The bridge namespace sends nothing of its own (no IPv6 link-local chatter on the ports).
            sysctl(br, "net/ipv6/conf/default/disable_ipv6", "1");
            sysctl(br, "net/ipv6/conf/all/disable_ipv6", "1");
            List<String> ports = new ArrayList<>();
            for (int i = 1; i <= hosts; i++) {
                String host = create("h" + i);
                // No duplicate address detection: a tentative IPv6 address cannot send for ~2 s.
                sysctl(host, "net/ipv6/conf/all/accept_dad", "0");
                sysctl(host, "net/ipv6/conf/default/accept_dad", "0");
                ip("-n", br, "link", "add", "p" + i, "type", "veth", "peer", "name", "lan0", "netns", host);
                ip("-n", br, "link", "set", "p" + i, "up");
                ip("-n", host, "addr", "add", ipv4(i) + "/24", "brd", "10.79.0.255", "dev", "lan0");
                ip("-n", host, "addr", "add", ipv6(i) + "/64", "dev", "lan0", "nodad");
                ip("-n", host, "link", "set", "lan0", "up");
                ports.add("p" + i);
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", br, java,
                    "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", BRIDGE_SOURCE.toString(),
                    Long.toString(seed)));
            cmd.addAll(ports);
            started = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            bridge = started;
            bridgeIn = new PrintWriter(started.getOutputStream(), true, StandardCharsets.UTF_8);
            Process out = started;
            Thread.ofPlatform().daemon().name("impairing-bridge").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(out.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        bridgeOut.add(line);
                    }
                } catch (IOException e) {
                    bridgeOut.add("error reading the bridge: " + e);
                }
                bridgeOut.add("error the bridge exited");
            });
            String ready = bridgeOut.poll(60, TimeUnit.SECONDS);
            if (!"ready".equals(ready)) {
                throw new IllegalStateException("the impairing bridge did not start: " + ready);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (started != null) {
                started.destroyForcibly();
            }
            deleteNamespaces();
            throw e;
        }
    }

    int hosts() {
        return hosts;
    }

    /** The namespace of host {@code i} (from 1). */
    String namespace(int i) {
        return prefix + "h" + i;
    }

    static String ipv4(int i) {
        return "10.79.0." + i;
    }

    static String ipv6(int i) {
        return "fd79::" + i;
    }

    /** Sets every link's impairment; answers once the bridge applies it. */
    void impair(Impairment impairment) throws InterruptedException {
        bridge(impairment.command());
    }

    /** Cuts the LAN into these groups of hosts (numbers from 1); a host in no group is alone. */
    void cut(List<List<Integer>> groups) throws InterruptedException {
        bridge("cut " + groups.stream().map(g -> g.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining("/")));
    }

    /** Joins every host again. */
    void heal() throws InterruptedException {
        bridge("heal");
    }

    /** The bridge's counters: received, sent, lost, cut, duplicated, reordered, sendErrors. */
    Map<String, Long> stats() throws InterruptedException {
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String kv : bridge("stats").substring("stats ".length()).split(" ")) {
            String[] p = kv.split("=");
            stats.put(p[0], Long.parseLong(p[1]));
        }
        return stats;
    }

    private String bridge(String command) throws InterruptedException {
        synchronized (bridgeIn) {
            bridgeIn.println(command);
            String answer = bridgeOut.poll(10, TimeUnit.SECONDS);
            if (answer == null || answer.startsWith("error")) {
                throw new IllegalStateException("bridge command '" + command + "' failed: " + answer);
            }
            return answer;
        }
    }

    /** Starts {@code command} inside host {@code i}'s namespace; it is killed by {@link #close} if still running. */
    Process start(int i, List<String> command, ProcessBuilder.Redirect stderr) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(i)));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectError(stderr).start();
        processes.add(p);
        return p;
    }

    /** Runs {@code ip args...} against host {@code i}'s namespace ({@code ip -n <ns> args}), failing if it fails. */
    void ipOn(int i, String... args) {
        List<String> cmd = new ArrayList<>(List.of("-n", namespace(i)));
        cmd.addAll(List.of(args));
        ip(cmd.toArray(String[]::new));
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(processes);
        all.add(bridge);
        for (Process p : all) {
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteNamespaces();
    }

    private void deleteNamespaces() {
        for (String ns : namespaces.reversed()) {
            try {
                String[] r = run("ip", "netns", "del", ns);
                if (!r[0].equals("0")) {
                    System.err.println("could not delete namespace " + ns + ": " + r[1]);
                }
            } catch (IOException e) {
                System.err.println("could not delete namespace " + ns + ": " + e);
            }
        }
        namespaces.clear();
    }

    private String create(String name) {
        String ns = prefix + name;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** Written through /proc rather than with sysctl(8), which a minimal machine may lack. */
    private static void sysctl(String ns, String key, String value) {
        check("ip", "netns", "exec", ns, "sh", "-c", "echo " + value + " > /proc/sys/" + key);
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        check(cmd.toArray(String[]::new));
    }

    private static void check(String... cmd) {
        try {
            String[] r = run(cmd);
            if (!r[0].equals("0")) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r[1].strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + e, e);
        }
    }

    /** Exit code (as text) and output of a short command. */
    static String[] run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new String[] {"-1", "timed out: " + out};
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[] {"-1", "interrupted"};
        }
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    /** Waits up to {@code timeout} for a line of {@code lines} that starts with {@code start}. */
    static Optional<String> await(BlockingQueue<String> lines, String start, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return Optional.empty();
            }
            if (line.startsWith(start)) {
                return Optional.of(line);
            }
        }
    }
}
