package peerconnect.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LAN of network namespaces for the values soak: hosts {@code pc-soak-<pid>-h1..hN} with
 * 10.79.0.i/24 on {@code lan0}, each a veth into one bridge in {@code pc-soak-<pid>-br}; nothing in the
 * root namespace is touched. {@link #close} ends every process started here and deletes every
 * namespace, whatever happened before; namespaces left by a killed run are removed at the next.
 */
final class SoakLan implements AutoCloseable {
    private static final Pattern OURS = Pattern.compile("^(pc-soak-(\\d+)-\\S+)");

    private final String prefix = "pc-soak-" + ProcessHandle.current().pid() + "-";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

    /** Why namespaces cannot be made here, or empty if they can (tried for real with a probe namespace). */
    static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces exist on Linux only");
        }
        String probe = "pc-soak-" + ProcessHandle.current().pid() + "-probe";
        try {
            String[] add = run("ip", "netns", "add", probe);
            if (!add[0].equals("0")) {
                return Optional.of("cannot create a network namespace (needs root and iproute2): " + add[1].strip());
            }
            run("ip", "netns", "del", probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run `ip`: " + e.getMessage());
        }
    }

    /** {@code hosts} namespaces on one bridge. */
    SoakLan(int hosts) {
        removeLeftovers();
        try {
            String bridge = create("br");
            ip("-n", bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            ip("-n", bridge, "link", "set", "br0", "up");
            for (int i = 1; i <= hosts; i++) {
                String host = create("h" + i);
                ip("-n", bridge, "link", "add", "b" + i, "type", "veth", "peer", "name", "lan0", "netns", host);
                ip("-n", bridge, "link", "set", "b" + i, "master", "br0", "up");
                ip("-n", host, "addr", "add", "10.79.0." + i + "/24", "brd", "10.79.0.255", "dev", "lan0");
                ip("-n", host, "link", "set", "lan0", "up");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts {@code image run --name N --data-dir D extra…} in host {@code host}'s namespace. */
    SoakNode start(Path image, int host, Path dataDir, String name, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "h" + host, image.toString(), "run",
                "--name", name, "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return new SoakNode(host, p);
    }

    private String create(String name) {
        String ns = prefix + name;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    private static void removeLeftovers() {
        try {
            for (String line : run("ip", "netns", "list")[1].split("\n")) {
                Matcher m = OURS.matcher(line);
                if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                    run("ip", "netns", "del", m.group(1));
                }
            }
        } catch (IOException e) {
            System.err.println("could not list namespaces: " + e);
        }
    }

    @Override
    public void close() {
        synchronized (processes) {
            for (Process p : processes) {
                p.destroyForcibly();
            }
            for (Process p : processes) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
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
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            String[] r = run(cmd.toArray(String[]::new));
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
}
