package peerconnect.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node re-announces when its network changes under it: two processes of the runtime image on a
 * perfect {@link ImpairedLan}; host 2's {@code lan0} goes down and up, then gains and loses an address
 * ({@code ip link set}, {@code ip addr add/del} inside its namespace). After each change node 2 joins its
 * groups again and announces at once (its counters say so), and node 1 hears the announcement (it
 * answers it). Skipped, saying why, without namespaces or the image.
 */
class NetworkChangeIT {
    /** The interface poll runs every 5 s; a change is acted on within one poll, with room for a loaded machine. */
    private static final Duration NOTICE = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aNodeReJoinsAndReAnnouncesWhenItsInterfaceComesBackOrChangesAddress() throws Exception {
        ImageNode.assumeLanAndImage("NetworkChangeIT");
        try (ImpairedLan lan = new ImpairedLan(2, 3)) {
            ImageNode one = ImageNode.launch(lan, 1, data.resolve("n1"), "one");
            ImageNode two = ImageNode.launch(lan, 2, data.resolve("n2"), "two");
            one.awaitBanner(Duration.ofSeconds(60));
            two.awaitBanner(Duration.ofSeconds(60));
            awaitTrue(() -> one.peers().contains(two.id()) && two.peers().contains(one.id()), NOTICE, "the two meet");

            Map<String, Long> before = two.counters();
            long answeredBefore = one.counters().get("discovery.answered");
            lan.ipOn(2, "link", "set", "lan0", "down");
            Thread.sleep(6_000); // at least one interface poll sees it down
            lan.ipOn(2, "link", "set", "lan0", "up");
            long upAt = System.nanoTime();
            awaitTrue(() -> two.counters().get("discovery.networkChanges") > before.get("discovery.networkChanges"),
                    NOTICE, "node 2 re-announces after lan0 comes back");
            Map<String, Long> afterUp = two.counters();
            assertTrue(afterUp.get("udp.rejoins") > before.get("udp.rejoins"), "re-joined: " + afterUp);
            awaitTrue(() -> one.counters().get("discovery.answered") > answeredBefore, NOTICE,
                    "node 1 hears node 2's announcement after lan0 came back");
            System.out.printf("network change: lan0 down and up; node 2 re-announced and node 1 answered %.0f ms after"
                    + " the link came up (the interface is polled every 5 s)%n", (System.nanoTime() - upAt) / 1e6);

            long changes = afterUp.get("discovery.networkChanges");
            long answered = one.counters().get("discovery.answered");
            lan.ipOn(2, "addr", "add", "10.79.0.102/24", "dev", "lan0");
            awaitTrue(() -> two.counters().get("discovery.networkChanges") > changes, NOTICE,
                    "node 2 re-announces after gaining an address");
            awaitTrue(() -> one.counters().get("discovery.answered") > answered, NOTICE,
                    "node 1 hears the announcement after the address change");
            long changes2 = two.counters().get("discovery.networkChanges");
            lan.ipOn(2, "addr", "del", "10.79.0.102/24", "dev", "lan0");
            awaitTrue(() -> two.counters().get("discovery.networkChanges") > changes2, NOTICE,
                    "node 2 re-announces after losing an address");
            assertTrue(one.peers().contains(two.id()), "still peers");

            assertEquals(0, one.quit(Duration.ofSeconds(20)));
            assertEquals(0, two.quit(Duration.ofSeconds(20)));
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Condition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }
}
