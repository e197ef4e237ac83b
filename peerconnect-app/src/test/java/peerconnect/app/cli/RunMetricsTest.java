package peerconnect.app.cli;

import peerconnect.app.console.FakeRunningNode;
import peerconnect.app.metrics.PrometheusScrape;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --metrics}: where it listens, from flag, environment or file; what it refuses, out loud. */
class RunMetricsTest {
    private static final Pattern SERVED = Pattern.compile("metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)");

    @TempDir
    Path home;

    private final FakeRunningNode node = new FakeRunningNode("ann");
    private final AtomicReference<Runnable> stopSignal = new AtomicReference<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        RunCommand.Environment environment = new RunCommand.Environment(env, "Linux", home.toString(),
                new ByteArrayInputStream(new byte[0]), InetAddress::getByName, settings -> node, stopSignal::set,
                false, RunCommand.ControlOpener.DEFAULT, reload -> { });
        return new CommandLine(new RunCommand(environment)).setExecutionExceptionHandler(new CliErrors())
                .setParameterExceptionHandler(new CliErrors()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aNodeWithoutConsoleServesItsCountersAtThePrintedAddressUntilItStops() throws Exception {
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> run(Map.of(), "--no-console", "--metrics", "0"));
        Matcher served = awaitServed();
        PrometheusScrape scrape = PrometheusScrape.get(served.group(1));
        assertTrue(scrape.types().containsKey("peerconnect_dispatcher_received_total"), scrape.text());
        assertEquals("gauge", scrape.types().get("peerconnect_dispatcher_pending_replies"));
        stopSignal.get().run();
        assertEquals(0, running.get(10, TimeUnit.SECONDS));
        assertEquals(1, node.closes.get());
        // Closed with the node: nothing listens any more.
        assertTrue(refused(served.group(1)), "still served after the node stopped");
    }

    @Test
    void theAddressComesFromTheEnvironmentOrTheSettingsFileAsOtherSettingsDo() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Files.writeString(data.resolve("peerconnect.properties"), "metrics=127.0.0.1:0\n");
        CompletableFuture<Integer> fromFile = CompletableFuture.supplyAsync(
                () -> run(Map.of("PEERCONNECT_DATA_DIR", data.toString()), "--no-console"));
        PrometheusScrape.get(awaitServed().group(1));
        stopSignal.get().run();
        assertEquals(0, fromFile.get(10, TimeUnit.SECONDS));

        Files.writeString(data.resolve("peerconnect.properties"), "");
        int code = run(Map.of("PEERCONNECT_DATA_DIR", data.toString(), "PEERCONNECT_METRICS", "localhost:99999"));
        assertAll(() -> assertEquals(2, code),
                () -> assertEquals("PEERCONNECT_METRICS: 'localhost:99999' is not HOST:PORT or PORT (IPv6 as"
                        + " [ADDRESS]:PORT).", err.toString().strip()));
    }

    @Test
    void aPortInUseIsOneSentenceAndExitOneAndTheNodeIsClosed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run(Map.of(), "--metrics", "127.0.0.1:" + taken.getLocalPort());
            assertAll(() -> assertEquals(1, code),
                    () -> assertTrue(err.toString().startsWith("run: cannot serve metrics on "), err.toString()),
                    () -> assertTrue(err.toString().contains("in use"), err.toString()),
                    () -> assertEquals(1, node.closes.get()));
        }
    }

    private Matcher awaitServed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Matcher m = SERVED.matcher(out.toString());
            if (m.find() && stopSignal.get() != null) {
                return m;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no metrics address printed: " + out + err);
    }

    private static boolean refused(String url) {
        try {
            PrometheusScrape.get(url);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
