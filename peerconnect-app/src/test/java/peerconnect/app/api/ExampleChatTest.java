package peerconnect.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example under {@code examples/chat}, as a user builds it: compiled by the JDK's {@code javac} on
 * the module path against the built module (nothing but {@code requires peerconnect.app}), then two
 * instances run on loopback and talk, all of it without picocli or tinylog on either path (what an
 * embedder gets from the POM). Also: a consumer module that reaches past the API does not compile.
 */
class ExampleChatTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path temp;

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * The module path of an embedder: the app's classes and its dependencies' jars as this test runs on
     * them, minus the command line's and the logging backend's (picocli, tinylog), which the app's POM
     * makes optional, so a consumer of the artifact does not get them.
     */
    private static String modulePath() {
        String mp = System.getProperty("jdk.module.path", "");
        assertNotEquals("", mp, "the tests run on the module path");
        List<String> all = List.of(mp.split(java.io.File.pathSeparator));
        List<String> kept = withoutCliAndLoggingBackend(all);
        assertTrue(all.size() - kept.size() >= 2, "picocli and tinylog were on the module path: " + all);
        return String.join(java.io.File.pathSeparator, kept);
    }

    private static List<String> withoutCliAndLoggingBackend(List<String> path) {
        return path.stream().filter(e -> {
            String file = Path.of(e).getFileName().toString();
            return !file.startsWith("picocli-") && !file.contains("tinylog");
        }).toList();
    }

    private static Path exampleSources() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/chat"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "examples/chat above " + Path.of("").toAbsolutePath());
        return dir.resolve("examples/chat/src/main/java");
    }

    private static List<String> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
    }

    /** Runs javac; returns its exit code and output. */
    private Result javac(Path out, List<String> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaHome().resolve("bin/javac").toString(), "-d", out.toString(),
                "-p", modulePath()));
        cmd.addAll(files);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "javac ended");
        return new Result(p.exitValue(), output);
    }

    private record Result(int code, String output) {
    }

    @Test
    void theExampleCompilesAgainstTheApiAndTwoInstancesTalkOnLoopback() throws Exception {
        Path out = temp.resolve("chat");
        Result compiled = javac(out, sources(exampleSources()));
        assertEquals(0, compiled.code(), compiled.output());

        int portA = freePort();
        int portB = freePort();
        try (Instance a = new Instance("alice", portA, portB, out); Instance b = new Instance("bob", portB, portA, out)) {
            a.await(l -> l.startsWith("joined 127.0.0.1:" + portB));
            b.await(l -> l.startsWith("joined 127.0.0.1:" + portA));
            a.await(l -> l.equals("in the network"));
            b.await(l -> l.equals("in the network"));

            a.say("ask");
            a.await(l -> l.equals("reply I am bob"));

            a.say("put greeting hello bob");
            a.await(l -> l.startsWith("stored greeting on "));
            b.say("get greeting");
            b.await(l -> l.equals("value greeting hello bob"));

            a.say("hi everyone");
            b.await(l -> l.equals("chat hi everyone"));

            b.say("quit");
            b.await(l -> l.equals("bye"));
            // Alice notices bob is gone once her DHT lookups through him fail and he drops out of her table.
            for (int i = 0; i < 6 && !a.saw(l -> l.startsWith("left 127.0.0.1:" + portB)); i++) {
                String key = "greeting-" + i;
                a.say("get " + key);
                a.await(l -> l.startsWith("no value " + key) || l.startsWith("value " + key));
            }
            a.await(l -> l.startsWith("left 127.0.0.1:" + portB));
        }
    }

    @Test
    void aConsumerThatRequiresOnlyTheApiModuleCannotSeeWhatItDoesNotExport() throws Exception {
        Path src = temp.resolve("probe-src");
        Files.createDirectories(src.resolve("probe"));
        Files.writeString(src.resolve("module-info.java"), "module probe { requires peerconnect.app; }");
        Files.writeString(src.resolve("probe/Ok.java"), """
                package probe;
                public class Ok {
                    public static Object node() { return peerconnect.app.api.PeerConnect.builder(); }
                    public static Object code() { return peerconnect.domain.RootCode.application(0x20); }
                }
                """);
        Result ok = javac(temp.resolve("ok"), List.of(src.resolve("module-info.java").toString(),
                src.resolve("probe/Ok.java").toString()));
        assertEquals(0, ok.code(), ok.output());

        for (String reach : List.of("peerconnect.app.node.PeerNodes", "peerconnect.adapter.udp.UdpTransports",
                "peerconnect.adapter.kademlia.KademliaNodes", "com.google.inject.Guice", "picocli.CommandLine")) {
            Files.writeString(src.resolve("probe/Bad.java"),
                    "package probe; public class Bad { Class<?> c = " + reach + ".class; }");
            Result bad = javac(temp.resolve("bad"), List.of(src.resolve("module-info.java").toString(),
                    src.resolve("probe/Bad.java").toString()));
            assertNotEquals(0, bad.code(), reach + " must not be visible");
            assertTrue(bad.output().contains("not visible") || bad.output().contains("does not exist"), bad.output());
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One chat process: its input, and every line it printed. */
    private final class Instance implements AutoCloseable {
        private final Process process;
        private final PrintWriter input;
        private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final String name;

        Instance(String name, int port, int peerPort, Path classes) throws IOException {
            this.name = name;
            List<String> cmd = List.of(javaHome().resolve("bin/java").toString(), "-p",
                    modulePath() + java.io.File.pathSeparator + classes,
                    // Guice 7 is an automatic module that declares no requires: its own dependencies
                    // (jakarta.inject, aopalliance) sit on the class path, which automatic modules read.
                    "-cp", String.join(java.io.File.pathSeparator, withoutCliAndLoggingBackend(
                            List.of(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)))),
                    "-m", "peerconnect.example.chat/peerconnect.example.chat.Chat",
                    name, String.valueOf(port), "127.0.0.1:" + peerPort);
            this.process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofVirtual().start(() -> {
                try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        fresh.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        void say(String line) {
            input.println(line);
        }

        boolean saw(Predicate<String> wanted) {
            fresh.drainTo(seen);
            return seen.stream().anyMatch(wanted);
        }

        void await(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            if (saw(wanted)) {
                return;
            }
            while (System.nanoTime() < deadline) {
                String line = fresh.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (wanted.test(line)) {
                        return;
                    }
                }
            }
            throw new AssertionError(name + " did not print the expected line within " + WAIT + "; printed: " + seen);
        }

        @Override
        public void close() throws InterruptedException {
            input.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
