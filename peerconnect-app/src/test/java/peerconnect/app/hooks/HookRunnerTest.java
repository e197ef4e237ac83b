package peerconnect.app.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Hooks as real shell scripts: the event reaches them in PEERCONNECT_* variables and the payload on
 * stdin; a failing one and a hung one are counted (the hung one killed at its timeout); a burst
 * beyond the queue is dropped and counted while {@code fire} returns at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HookRunnerTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(5);

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        file.toFile().setExecutable(true);
        return file;
    }

    private static PeerContact peer() throws Exception {
        return new PeerContact(PeerId.random(RANDOM), new NodeAddress(InetAddress.getByName("10.0.0.7"), 4000));
    }

    @Test
    void theScriptGetsTheEventInItsEnvironmentAndThePayloadOnStdin() throws Exception {
        Path out = dir.resolve("seen");
        Path hook = script("record.sh", "{ echo \"$PEERCONNECT_EVENT $PEERCONNECT_NODE_ID $PEERCONNECT_PEER_ID"
                + " $PEERCONNECT_PEER_ADDRESS $PEERCONNECT_GOSSIP_ORIGIN\"; cat; echo; } >> '" + out + "'\n");
        PeerContact joined = peer();
        PeerId origin = PeerId.random(RANDOM);
        try (HookRunner runner = new HookRunner(List.of(EventHook.parse("join,gossip=" + hook)),
                new HookRunner.Limits(1, 8, Duration.ofSeconds(20)), Map.of("PEERCONNECT_NODE_ID", "me"),
                dir.resolve("hooks.log"))) {
            runner.fire(new HookEvent.Join(joined));
            runner.fire(new HookEvent.Leave(joined)); // no hook asked for leave
            runner.fire(new HookEvent.Gossip(MessageId.random(RANDOM), origin,
                    "hello hooks".getBytes(StandardCharsets.UTF_8)));
            await(() -> lines(out).stream().filter(l -> !l.isEmpty()).count() >= 4);
            assertEquals(List.of(
                    "join me " + joined.id().toHex() + " " + joined.address() + " ",
                    joined.id().toHex() + " " + joined.address(),
                    "gossip me   " + origin.toHex(),
                    "hello hooks"), lines(out).stream().filter(l -> !l.isEmpty()).toList());
            await(() -> runner.counters().get("hooks.started") == 2);
            assertEquals(0L, runner.counters().get("hooks.failed"));
        }
    }

    @Test
    void aFailingHookAndAHungHookAreCountedAndTheHungOneIsKilled() throws Exception {
        Path failing = script("fail.sh", "echo failing on purpose; exit 3\n");
        Path hung = script("hang.sh", "sleep 60\n");
        try (HookRunner runner = new HookRunner(
                List.of(EventHook.parse("leave=" + failing), EventHook.parse("join=" + hung)),
                new HookRunner.Limits(2, 8, Duration.ofMillis(300)), Map.of(), dir.resolve("hooks.log"))) {
            runner.fire(new HookEvent.Leave(peer()));
            runner.fire(new HookEvent.Join(peer()));
            await(() -> runner.counters().get("hooks.failed") == 1 && runner.counters().get("hooks.timedOut") == 1);
            assertTrue(Files.readString(dir.resolve("hooks.log")).contains("failing on purpose"));
        }
    }

    @Test
    void aBurstBeyondTheQueueIsDroppedAndCountedWithoutWaiting() throws Exception {
        Path hung = script("hang.sh", "sleep 60\n");
        try (HookRunner runner = new HookRunner(List.of(EventHook.parse("gossip=" + hung)),
                new HookRunner.Limits(1, 1, Duration.ofSeconds(30)), Map.of(), dir.resolve("hooks.log"))) {
            for (int i = 0; i < 5; i++) {
                runner.fire(new HookEvent.Gossip(MessageId.random(RANDOM), PeerId.random(RANDOM), new byte[] {'x'}));
            }
            // One runs, one waits, three are dropped: fire never waited for the hung hook.
            assertEquals(3L, runner.counters().get("hooks.dropped"));
        }
    }

    @Test
    void hooksAreParsedFromEventsEqualsCommand() {
        assertEquals(new EventHook(EnumSet.of(HookEvent.Kind.JOIN, HookEvent.Kind.LEAVE), "notify.sh --all"),
                EventHook.parse("join, leave=notify.sh --all"));
        assertEquals(Set.of(HookEvent.Kind.GOSSIP), EventHook.parse("gossip=a=b").events());
        assertThrows(IllegalArgumentException.class, () -> EventHook.parse("join"));
        assertThrows(IllegalArgumentException.class, () -> EventHook.parse("=x"));
        assertThrows(IllegalArgumentException.class, () -> EventHook.parse("join="));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventHook.parse("member-join=x"));
        assertTrue(e.getMessage().contains("'member-join'"), e.getMessage());
    }

    @Test
    void joinsAndLeavesAreTheDifferenceOfTwoSnapshots() throws Exception {
        PeerContact a = peer();
        PeerContact b = peer();
        PeerContact c = peer();
        assertEquals(List.of(new HookEvent.Leave(a), new HookEvent.Join(c)),
                EventHooks.changes(new java.util.LinkedHashSet<>(List.of(a, b)), new java.util.LinkedHashSet<>(List.of(b, c))));
        assertEquals(List.of(), EventHooks.changes(Set.of(a), Set.of(a)));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(20);
        }
    }
}
