package peerconnect.app.cli;

import peerconnect.app.store.LastPort;
import peerconnect.app.settings.PortChoice;

import peerconnect.app.console.FakeRunningNode;
import peerconnect.app.settings.NodeSettings;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.adapter.udp.UdpEndpointException;
import peerconnect.domain.NodeAddress;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir
    Path home;

    private final FakeRunningNode node = new FakeRunningNode("ann");
    private final AtomicReference<NodeSettings> started = new AtomicReference<>();
    private final AtomicReference<Runnable> stopSignal = new AtomicReference<>();
    private final AtomicReference<Runnable> reloadSignal = new AtomicReference<>();

    private record Run(int exitCode, String out, String err) {
    }

    private RunCommand.Environment environment(Map<String, String> env, String stdin, RunCommand.NodeStarter starter) {
        return new RunCommand.Environment(env, "Linux", home.toString(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                host -> host.equals("alpha.lan") ? InetAddress.getByName("10.0.0.1") : InetAddress.getByName(host),
                starter, stopSignal::set, false, RunCommand.ControlOpener.DEFAULT, reloadSignal::set);
    }

    private Run run(Map<String, String> env, String stdin, String... args) {
        return run(environment(env, stdin, settings -> {
            started.set(settings);
            return node;
        }), args);
    }

    private static Run run(RunCommand.Environment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RunCommand(environment))
                .setExecutionExceptionHandler(new CliErrors())
                .setParameterExceptionHandler(new CliErrors())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void quitClosesTheNodeOnceAndExitsZero() {
        Run run = run(Map.of(), "peers\nquit\n", "--name", "ann", "--port", "4000", "--peer", "alpha.lan:4001");
        NodeSettings s = started.get();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertEquals(1, node.closes.get()),
                () -> assertEquals("ann", s.name()),
                () -> assertEquals(4000, s.port()),
                () -> assertEquals(List.of(NodeAddress.parse("10.0.0.1:4001")), s.peers()),
                () -> assertEquals(home.resolve(".local/share/peerconnect"), s.dataDir()),
                () -> assertTrue(Files.isDirectory(s.dataDir().resolve("logs"))),
                () -> assertTrue(run.out().startsWith("peerconnect node " + node.self.contact().id().toHex()), run.out()),
                () -> assertTrue(run.out().contains("no peers yet"), run.out()),
                () -> assertEquals("", run.err()));
    }

    @Test
    void endOfInputIsQuit() {
        Run run = run(Map.of(), "");
        assertAll(
                () -> assertEquals(0, run.exitCode()),
                () -> assertEquals(1, node.closes.get()));
    }

    @Test
    void settingsComeFromFlagsThenEnvironmentThenTheFileInTheDataDirectory() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Files.writeString(data.resolve("peerconnect.properties"), "port=3000\nname=fromfile\nmulticast=true\n");
        Run run = run(Map.of("PEERCONNECT_DATA_DIR", data.toString(), "PEERCONNECT_PORT", "2000"), "",
                "--no-multicast");
        NodeSettings s = started.get();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertEquals(data, s.dataDir()),
                () -> assertEquals(2000, s.port()),
                () -> assertEquals("fromfile", s.name()),
                () -> assertFalse(s.multicast()));
    }

    @Test
    void aBadSettingIsOneSentenceAndExitTwoWithoutStartingTheNode() {
        Run run = run(Map.of("PEERCONNECT_PORT", "abc"), "");
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertEquals("PEERCONNECT_PORT: 'abc' is not a port number (0 to 65535).", run.err().strip()),
                () -> assertEquals(null, started.get()),
                () -> assertEquals("", run.out()));
    }

    @Test
    void rateLimitFlagsReachTheNodeAndABadOneIsExitTwo() throws Exception {
        Run run = run(Map.of(), "", "--rate-limit-per-address", "100/300", "--rate-limit-global", "off");
        NodeSettings s = started.get();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertEquals(new peerconnect.domain.RateLimit(100, 300), s.rateLimits().perAddress()),
                () -> assertTrue(s.rateLimits().global().isUnlimited()));
        started.set(null);
        Run bad = run(Map.of(), "", "--rate-limit-per-prefix", "lots");
        assertAll(
                () -> assertEquals(2, bad.exitCode()),
                () -> assertEquals("--rate-limit-per-prefix: 'lots' is not a rate limit: RATE or RATE/BURST datagrams"
                        + " per second (1 to 1000000000), or off.", bad.err().strip()),
                () -> assertEquals(null, started.get()));
    }

    @Test
    void livenessFlagsReachTheNodeAndABadOneIsExitTwo() {
        Run run = run(Map.of("PEERCONNECT_LIVENESS_MAX_RECHECK", "1m"), "", "--liveness-bad-after-failures", "4",
                "--liveness-min-attempt-timeout", "100ms");
        NodeSettings s = started.get();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertEquals(4, s.liveness().badAfterFailures()),
                () -> assertEquals(java.time.Duration.ofMillis(100), s.liveness().minAttemptTimeout()),
                () -> assertEquals(java.time.Duration.ofMinutes(1), s.liveness().maxRecheck()),
                () -> assertEquals(5, s.liveness().evictAloneAfterFailures(), "the default where nothing is given"));
        started.set(null);
        Run bad = run(Map.of(), "", "--liveness-bad-after-failures", "9");
        assertAll(
                () -> assertEquals(2, bad.exitCode()),
                () -> assertEquals("--liveness-bad-after-failures: liveness-evict-after-failures must be in 9..100: 5.",
                        bad.err().strip()),
                () -> assertEquals(null, started.get()));
    }

    @Test
    void anUnknownPeerHostIsOneSentence() {
        Run run = run(Map.of(), "", "--peer", "nowhere.invalid:4000");
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertEquals("--peer: unknown host 'nowhere.invalid'.", run.err().strip()));
    }

    @Test
    void aNetworkKeyFileGivesTheNodeItsKey() throws Exception {
        Path file = home.resolve("net.key");
        String hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        Files.writeString(file, hex + "\n");
        Run run = run(Map.of(), "", "--network-key-file", file.toString());
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertEquals(java.util.Optional.of(peerconnect.domain.NetworkKey.parse(hex)),
                        started.get().networkKey()));
    }

    @Test
    void aMissingOrBadNetworkKeyFileIsOneSentenceAndExitTwo() throws Exception {
        Path missing = home.resolve("missing.key");
        Path bad = home.resolve("bad.key");
        Files.writeString(bad, "not a key\n");
        Run none = run(Map.of(), "", "--network-key-file", missing.toString());
        Run wrong = run(Map.of(), "", "--network-key-file", bad.toString());
        assertAll(
                () -> assertEquals(2, none.exitCode()),
                () -> assertEquals("--network-key-file " + missing + ": no such file.", none.err().strip()),
                () -> assertEquals(2, wrong.exitCode()),
                () -> assertTrue(wrong.err().startsWith("--network-key-file " + bad + ": a network key must be 64 hex"),
                        wrong.err()),
                () -> assertEquals(1, wrong.err().strip().lines().count()),
                () -> assertEquals(null, started.get()));
    }

    @Test
    void anUnreadableSettingsFileExitsTwo() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Files.createDirectory(data.resolve("peerconnect.properties"));
        Run run = run(Map.of(), "", "--data-dir", data.toString());
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith(data.resolve("peerconnect.properties") + ": cannot be read"),
                        run.err()),
                () -> assertEquals(1, run.err().strip().lines().count()));
    }

    @Test
    void aNodeThatCannotStartIsOneSentenceAndExitOne() {
        Run run = run(environment(Map.of(), "", settings -> {
            throw new UdpEndpointException("port 4000 on :: is in use");
        }), "--port", "4000");
        assertAll(
                () -> assertEquals(1, run.exitCode()),
                () -> assertEquals("run: port 4000 on :: is in use", run.err().strip()),
                () -> assertFalse(run.err().contains("\tat ")),
                () -> assertEquals("", run.out()));
    }

    @Test
    void withoutConsoleTheNodeRunsUntilAStopSignal() throws Exception {
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(
                () -> run(Map.of(), "quit\n", "--no-console"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stopSignal.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // stdin said quit, but without a console nobody reads it.
        assertFalse(running.isDone());
        stopSignal.get().run();
        Run run = running.get(10, TimeUnit.SECONDS);
        assertAll(
                () -> assertEquals(0, run.exitCode()),
                () -> assertEquals(1, node.closes.get()),
                () -> assertTrue(run.out().contains("is running; stop it with Ctrl-C or SIGTERM."), run.out()));
    }

    @Test
    void aStopSignalAfterQuitDoesNotCloseTwice() {
        run(Map.of(), "quit\n");
        stopSignal.get().run();
        assertEquals(1, node.closes.get());
    }

    @Test
    void helpTellsEveryOptionAndThePrecedence() {
        Run run = run(Map.of(), "", "--help");
        for (String option : List.of("--name", "--port", "--bind", "--interface", "--ipv6", "--group", "--peer",
                "--data-dir", "--no-console", "--no-multicast", "--log-level", "--rate-limit-per-address",
                "--rate-limit-per-prefix", "--rate-limit-global", "--metrics", "--liveness-questionable-after",
                "--liveness-bad-after-failures", "--liveness-evict-after-failures", "--liveness-first-recheck",
                "--liveness-max-recheck", "--liveness-recheck-retries", "--liveness-min-attempt-timeout",
                "--liveness-max-attempt-timeout")) {
            assertTrue(run.out().contains(option), option + " missing from\n" + run.out());
        }
        assertAll(
                () -> assertEquals(0, run.exitCode()),
                () -> assertTrue(run.out().contains("PEERCONNECT_PORT"), run.out()),
                () -> assertTrue(run.out().contains("peerconnect.properties"), run.out()),
                () -> assertTrue(run.out().contains("%LOCALAPPDATA%\\PeerConnect"), run.out()),
                () -> assertTrue(run.out().contains("logs/peerconnect.log"), run.out()),
                () -> assertEquals(null, started.get()));
    }

    @Test
    void aConfigFileSetsEverySettingItNamesBelowFlagsAndEnvironmentAndAboveTheDataDirectorysFile()
            throws Exception {
        Path data = home.resolve("var/peerconnect");
        Path etc = Files.createDirectories(home.resolve("etc"));
        Files.writeString(etc.resolve("network.key"), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        Files.writeString(etc.resolve("node.properties"), "data-dir=../var/peerconnect\nname=fromconfig\nport=3100\n"
                + "network-key-file=network.key\nconsole=false\n");
        Files.createDirectories(data);
        Files.writeString(data.resolve("peerconnect.properties"), "name=fromdatadir\nport=3200\nipv6=true\n");
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> run(Map.of("PEERCONNECT_PORT", "3300"), "",
                "--config", etc.resolve("node.properties").toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stopSignal.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        stopSignal.get().run();
        Run run = running.get(10, TimeUnit.SECONDS);
        NodeSettings s = started.get();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertEquals(data.toAbsolutePath().normalize(), s.dataDir().toAbsolutePath().normalize()),
                () -> assertEquals("fromconfig", s.name()),
                () -> assertEquals(3300, s.port()),
                () -> assertTrue(s.ipv6()),
                () -> assertTrue(s.networkKey().isPresent()),
                () -> assertTrue(run.out().contains("is running; stop it with"), run.out()));
    }

    @Test
    void aConfigFileThatIsNotThereAndADataDirInTheDataDirectorysFileAreBadSettings() throws Exception {
        Run missing = run(Map.of(), "", "--config", home.resolve("nope.properties").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("--config " + home.resolve("nope.properties") + ": no such file.", missing.err().strip());

        Path data = Files.createDirectories(home.resolve("data"));
        Files.writeString(data.resolve("peerconnect.properties"), "data-dir=/elsewhere\n");
        Run inDataDir = run(Map.of(), "", "--data-dir", data.toString());
        assertEquals(2, inDataDir.exitCode());
        assertTrue(inDataDir.err().contains("data-dir cannot be set in the data directory's own file"), inDataDir.err());
    }

    @Test
    void withoutAPortTheNodeTakesTheDefaultThenFallsBackToAnyFreePortAndRemembersIt() throws Exception {
        List<Integer> tried = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunCommand.NodeStarter starter = settings -> {
            tried.add(settings.port());
            started.set(settings);
            if (settings.port() != 0) {
                throw new RuntimeException("the node could not start (endpoint)", new UdpEndpointException("UDP port in use",
                        new java.net.BindException("Address already in use")));
            }
            return node; // listens on 4000, as the fake's address says
        };
        Path data = home.resolve("data");
        Run first = run(environment(Map.of(), "", starter), "--data-dir", data.toString());
        assertAll(
                () -> assertEquals(0, first.exitCode(), first.err()),
                () -> assertEquals(List.of(PortChoice.DEFAULT_PORT, 0), tried),
                () -> assertTrue(first.out().contains("port " + PortChoice.DEFAULT_PORT
                        + " is in use (another node on this host?); this node listens on 4000 instead"), first.out()),
                () -> assertEquals("4000", Files.readString(data.resolve(LastPort.FILE)).strip()));

        tried.clear();
        run(environment(Map.of(), "", starter), "--data-dir", data.toString());
        assertEquals(List.of(4000, 0), tried, "the next run tries the port of the last one first");
    }

    @Test
    void aPortThatWasSetAndIsTakenStopsTheStart() {
        Run run = run(environment(Map.of(), "", settings -> {
            throw new UdpEndpointException("UDP port 4000 is already in use",
                    new java.net.BindException("Address already in use"));
        }), "--port", "4000");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("UDP port 4000 is already in use"), run.err());
    }

    @Test
    void sighupJoinsThroughPeersAddedToTheFileAndKeepsTheNodeRunning() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Files.writeString(data.resolve("peerconnect.properties"), "peers=10.0.0.1:4001\n");
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> run(environment(Map.of(), "",
                settings -> node), "--data-dir", data.toString(), "--no-console"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((stopSignal.get() == null || reloadSignal.get() == null) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Files.writeString(data.resolve("peerconnect.properties"), "peers=10.0.0.1:4001,10.0.0.2:4002\n");
        reloadSignal.get().run();
        assertFalse(running.isDone(), "SIGHUP does not stop the node");
        stopSignal.get().run();
        assertEquals(0, running.get(10, TimeUnit.SECONDS).exitCode());
        assertEquals(List.of(List.of(NodeAddress.parse("10.0.0.2:4002"))), node.bootstraps);
    }

    @Test
    void aSecondRunOnTheDataDirectoryOfARunningNodeIsRefusedBeforeItStartsAnything() throws Exception {
        Path data = Files.createDirectories(home.resolve("shared"));
        Runnable running = RunCommand.ControlOpener.DEFAULT.open(data, new FakeRunningNode("first"));
        try {
            Run second = run(Map.of(), "", "--data-dir", data.toString());
            assertAll(
                    () -> assertEquals(1, second.exitCode()),
                    () -> assertTrue(second.err().contains("another node is running with data directory " + data),
                            second.err()),
                    () -> assertEquals(null, started.get(), "no node was started"));
        } finally {
            running.run();
        }
    }
}
