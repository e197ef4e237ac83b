package peerconnect.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.app.console.FakeRunningNode;
import peerconnect.domain.PeerId;
import picocli.CommandLine;

/** {@code run --on-event}: a rumor reaching the running node runs the script; a bad hook is exit 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunHooksTest {
    @TempDir
    Path home;

    private final FakeRunningNode node = new FakeRunningNode("ann");
    private final AtomicReference<Runnable> stopSignal = new AtomicReference<>();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        RunCommand.Environment environment = new RunCommand.Environment(env, "Linux", home.toString(),
                new ByteArrayInputStream(new byte[0]), java.net.InetAddress::getByName, settings -> node,
                stopSignal::set, false, RunCommand.ControlOpener.DEFAULT, reload -> { });
        return new CommandLine(new RunCommand(environment)).setExecutionExceptionHandler(new CliErrors())
                .setParameterExceptionHandler(new CliErrors()).setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aRumorRunsTheGossipHookWithItsTextOnStdin() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Path out = home.resolve("rumors");
        Path script = home.resolve("on-gossip.sh");
        Files.writeString(script, "#!/bin/sh\n{ echo \"$PEERCONNECT_EVENT from $PEERCONNECT_GOSSIP_ORIGIN to"
                + " $PEERCONNECT_NODE_ID\"; cat; echo; } >> '" + out + "'\n");
        script.toFile().setExecutable(true);
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> run(
                Map.of("PEERCONNECT_DATA_DIR", data.toString()), "--no-console", "--on-event", "gossip=" + script));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((stopSignal.get() == null || node.subscribers.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        PeerId origin = PeerId.random(new SplittableRandom(3));
        node.receive(origin, "deploy version 7");
        while (!(Files.exists(out) && Files.readString(out).contains("deploy version 7"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stopSignal.get().run();
        assertEquals(0, running.get(20, TimeUnit.SECONDS));
        assertEquals(List.of("gossip from " + origin.toHex() + " to " + node.self.contact().id().toHex(),
                "deploy version 7"), Files.readAllLines(out));
        assertTrue(node.subscribers.isEmpty(), "the hooks unsubscribed when the node stopped");
    }

    @Test
    void aBadHookIsOneSentenceAndExitTwo() {
        int code = run(Map.of("PEERCONNECT_ON_EVENT", "member-join=x"));
        assertEquals(2, code);
        assertEquals("PEERCONNECT_ON_EVENT: 'member-join=x' names an unknown event 'member-join' (events: join,"
                + " leave, gossip).", err.toString().strip());
    }
}
