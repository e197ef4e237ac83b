package peerconnect.app.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * Every logging API ends in tinylog, naming the class that logged: the domain's System.Logger, the
 * app's and adapters' slf4j, Guice's java.util.logging. Reads back the file writer that
 * tinylog-test.properties adds.
 */
class LoggingBridgeTest {
    private static final Path LOG = Path.of("target", "test-logs", "tinylog.log");

    @BeforeAll
    static void installBridge() {
        Logging.install();
        // The app itself never calls JUL, so its module does not read java.logging; this test does.
        LoggingBridgeTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.logging").orElseThrow());
    }

    @Test
    void aSystemLoggerMessageOfTheDomainReachesTinylog() throws IOException {
        Executor never = task -> {
            throw new AssertionError("a rejected datagram must not be dispatched");
        };
        RequestsDispatcher dispatcher = RequestsDispatcher.builder(PeerId.random(new SplittableRandom(7)))
                .transport((to, datagram) -> { }).scheduler(new VirtualTimeScheduler()).executor(never)
                .random(new SplittableRandom(7)).build();
        NodeAddress from = new NodeAddress(InetAddress.getLoopbackAddress(), 40_917);

        // Too short to be a message: the dispatcher's pipeline drops it and says so at DEBUG through System.Logger.
        dispatcher.onDatagram(from, new byte[] {1, 2, 3});

        // The logging class is the domain class, not a JDK-internal wrapper (see TinylogLoggerFinder).
        assertLogged("DEBUG", "peerconnect.domain.InboundPipeline: dropped datagram from=" + from);
    }

    @Test
    void anSlf4jMessageReachesTinylog() throws IOException {
        LoggerFactory.getLogger(LoggingBridgeTest.class).warn("slf4j marker {}", 4711);

        assertLogged("WARN", "peerconnect.app.logging.LoggingBridgeTest: slf4j marker 4711");
    }

    @Test
    void aJavaUtilLoggingMessageReachesTinylog() throws IOException {
        // What Guice uses; the bridge sets JUL's root level from tinylog's configuration.
        java.util.logging.Logger.getLogger("com.google.inject.Example").warning("jul marker 815");

        assertLogged("WARN", "peerconnect.app.logging.LoggingBridgeTest: jul marker 815");
    }

    @Test
    void withoutTinylogTheDomainsSystemLoggerWritesToSlf4jInTheMessageFormatWay() throws IOException {
        // An embedder without tinylog gets this logger from TinylogLoggerFinder; here slf4j happens to end in
        // tinylog too, which lets the test read the line back.
        assertTrue(TinylogLoggerFinder.tinylogPresent(), "the tests run with tinylog");
        System.Logger fallback = new Slf4jSystemLogger("peerconnect.domain.Example");

        fallback.log(System.Logger.Level.WARNING, "fallback marker {0} of {1}", 1, 2);

        assertFalse(fallback.isLoggable(System.Logger.Level.OFF));
        List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("WARN ") && line.endsWith(": fallback marker 1 of 2")),
                "no WARN line 'fallback marker 1 of 2' in " + LOG + ":\n" + String.join("\n", lines));
    }

    /** Asserts a line {@code <level> [<thread>] <text>...} in the test log (format: tinylog-test.properties). */
    private static void assertLogged(String level, String text) throws IOException {
        List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
        String thread = " [" + Thread.currentThread().getName() + "] ";
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(level + thread + text)),
                "no line '" + level + thread + text + "...' in " + LOG + ":\n" + String.join("\n", lines));
    }
}
