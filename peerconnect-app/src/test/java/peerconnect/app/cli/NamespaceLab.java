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
 * The network-namespace harness every namespace test shares: namespaces named
 * {@code <tag>-<pid>-<name>} (each test has its own tag and subnet, so concurrent runs cannot
 * collide), a Linux bridge with veth ports into them, processes started inside them, and clean-up.
 * {@link #close} ends every process started here first, then deletes every namespace made here
 * (which removes their interfaces), whatever happened before; {@link #removeLeftovers} deletes the
 * namespaces of a tag whose test JVM is gone. Nothing in the root namespace is touched.
 */
final class NamespaceLab implements AutoCloseable {
    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

    /** A lab whose namespaces are named {@code prefix + name}; {@code prefix} should come from {@link #prefix}. */
    NamespaceLab(String prefix) {
        this.prefix = prefix;
    }

    /** {@code <tag>-<pid of this JVM>-}: the pid lets {@link #removeLeftovers} tell a dead run's namespaces. */
    static String prefix(String tag) {
        return tag + "-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Why namespaces cannot be made here, or empty if they can: Linux, root and {@code ip}, tried for
     * real by making and removing the namespace {@code <tag>-<pid>-probe}.
     */
    static Optional<String> unavailableReason(String tag) {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces exist on Linux only, this is " + System.getProperty("os.name"));
        }
        String probe = prefix(tag) + "probe";
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

    /** Deletes namespaces named {@code <tag>-<pid>-...} whose test JVM is gone; no others. */
    static void removeLeftovers(String tag) {
        Pattern ours = Pattern.compile("^(" + Pattern.quote(tag) + "-(\\d+)-\\S+)");
        try {
            for (String line : run("ip", "netns", "list")[1].split("\n")) {
                Matcher m = ours.matcher(line);
                if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                    run("ip", "netns", "del", m.group(1));
                    System.err.println("removed namespace " + m.group(1) + " left over by a killed test run");
                }
            }
        } catch (IOException e) {
            System.err.println("could not list namespaces: " + e);
        }
    }

    /** The full name of this lab's namespace {@code name}. */
    String namespace(String name) {
        return prefix + name;
    }

    /** Makes namespace {@code name} with {@code lo} up; it is deleted by {@link #close}. */
    String create(String name) {
        String ns = namespace(name);
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /**
     * Hosts {@code h1..hN}, each with {@code lan0} = {@code <subnet>.<i>/24} on a veth whose other end
     * is a port of the Linux bridge {@code br0} in namespace {@code br} (multicast snooping off, so
     * every host hears every group). {@code subnet} is the first three octets, as {@code "10.78.0"}.
     */
    void bridge(int hosts, String subnet) {
        String bridge = create("br");
        ip("-n", bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        ip("-n", bridge, "link", "set", "br0", "up");
        for (int i = 1; i <= hosts; i++) {
            String host = create("h" + i);
            ip("-n", bridge, "link", "add", "b" + i, "type", "veth", "peer", "name", "lan0", "netns", host);
            ip("-n", bridge, "link", "set", "b" + i, "master", "br0", "up");
            ip("-n", host, "addr", "add", subnet + "." + i + "/24", "brd", subnet + ".255", "dev", "lan0");
            ip("-n", host, "link", "set", "lan0", "up");
        }
    }

    /** Starts {@code command} inside namespace {@code name}; it is killed by {@link #close} if still running. */
    Process start(String name, List<String> command, ProcessBuilder.Redirect stderr) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(name)));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectError(stderr).start();
        processes.add(p);
        return p;
    }

    /** {@code image run --name <name> --data-dir <dataDir> extra...}: a node of the runtime image {@code image}. */
    static List<String> imageRun(Path image, Path dataDir, String name, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(image.toString(), "run", "--name", name, "--data-dir",
                dataDir.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Runs {@code command} inside namespace {@code name} to its end: exit code (as text) and output. */
    String[] exec(String name, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(name)));
        cmd.addAll(command);
        return run(cmd.toArray(String[]::new));
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
        namespaces.clear();
    }

    /** Runs {@code ip args...}, failing with the command and its output if it fails. */
    static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        check(cmd.toArray(String[]::new));
    }

    /** Runs a short command, failing with the command and its output if it exits with other than 0. */
    static void check(String... cmd) {
        try {
            String[] r = run(cmd);
            if (!r[0].equals("0")) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r[1].strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + e, e);
        }
    }

    /** Exit code (as text) and output of a short command (-1 if it takes over 30 s). */
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
