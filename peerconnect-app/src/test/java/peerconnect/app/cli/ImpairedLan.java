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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private static final String TAG = "pc-lan";
    private static int serial;

    private final NamespaceLab lab;
    private final int hosts;
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
        return NamespaceLab.unavailableReason(TAG);
    }

    /** Deletes namespaces named {@code pc-lan-<pid>-...} whose test JVM is gone; no others. */
    static void removeLeftovers() {
        NamespaceLab.removeLeftovers(TAG);
    }

    /** Makes the namespaces and links and starts the bridge with {@code seed}; the LAN starts perfect. */
    ImpairedLan(int hosts, long seed) throws IOException, InterruptedException {
        synchronized (ImpairedLan.class) {
            serial++;
            lab = new NamespaceLab(NamespaceLab.prefix(TAG) + serial + "-");
        }
        this.hosts = hosts;
        try {
            String br = lab.create("br");
            // The bridge namespace sends nothing of its own (no IPv6 link-local chatter on the ports).
            sysctl(br, "net/ipv6/conf/default/disable_ipv6", "1");
            sysctl(br, "net/ipv6/conf/all/disable_ipv6", "1");
            List<String> ports = new ArrayList<>();
            for (int i = 1; i <= hosts; i++) {
                String host = lab.create("h" + i);
                // No duplicate address detection: a tentative IPv6 address cannot send for ~2 s.
                sysctl(host, "net/ipv6/conf/all/accept_dad", "0");
                sysctl(host, "net/ipv6/conf/default/accept_dad", "0");
                NamespaceLab.ip("-n", br, "link", "add", "p" + i, "type", "veth", "peer", "name", "lan0", "netns", host);
                NamespaceLab.ip("-n", br, "link", "set", "p" + i, "up");
                NamespaceLab.ip("-n", host, "addr", "add", ipv4(i) + "/24", "brd", "10.79.0.255", "dev", "lan0");
                NamespaceLab.ip("-n", host, "addr", "add", ipv6(i) + "/64", "dev", "lan0", "nodad");
                NamespaceLab.ip("-n", host, "link", "set", "lan0", "up");
                ports.add("p" + i);
            }
            for (int i = 1; i <= hosts; i++) {
                awaitLinkUp(lab.namespace("h" + i));
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-XX:TieredStopAtLevel=1", BRIDGE_SOURCE.toString(), Long.toString(seed)));
            cmd.addAll(ports);
            Process started = lab.start("br", cmd, ProcessBuilder.Redirect.INHERIT);
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
            lab.close();
            throw e;
        }
    }

    int hosts() {
        return hosts;
    }

    /** The namespace of host {@code i} (from 1). */
    String namespace(int i) {
        return lab.namespace("h" + i);
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
        return lab.start("h" + i, command, stderr);
    }

    /** Runs {@code ip args...} against host {@code i}'s namespace ({@code ip -n <ns> args}), failing if it fails. */
    void ipOn(int i, String... args) {
        List<String> cmd = new ArrayList<>(List.of("-n", namespace(i)));
        cmd.addAll(List.of(args));
        NamespaceLab.ip(cmd.toArray(String[]::new));
    }

    /** Ends the bridge and every process started in the hosts, then deletes the namespaces. */
    @Override
    public void close() {
        lab.close();
    }

    /** Written through /proc rather than with sysctl(8), which a minimal machine may lack. */
    /**
     * Waits (up to 5 s) until {@code lan0} of namespace {@code ns} is operationally up. The kernel
     * reports a veth up a little after `ip link set up` returns; a node started before then finds no
     * usable interface and falls back to loopback, which is a harness race, not the node under test.
     */
    private static void awaitLinkUp(String ns) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String[] state = NamespaceLab.run("ip", "netns", "exec", ns, "cat", "/sys/class/net/lan0/operstate");
            if (state[1].strip().equals("up")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("lan0 of " + ns + " did not come up within 5 s");
    }

    private static void sysctl(String ns, String key, String value) {
        NamespaceLab.check("ip", "netns", "exec", ns, "sh", "-c", "echo " + value + " > /proc/sys/" + key);
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
