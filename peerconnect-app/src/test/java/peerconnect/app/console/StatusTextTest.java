package peerconnect.app.console;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import peerconnect.app.node.StatusReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text of {@code status}: version, uptime, discovery as a word, one counter group per line, short lines. */
class StatusTextTest {

    private static StatusReport status(Map<String, Long> counters, String discovery, Duration uptime) {
        FakeRunningNode node = new FakeRunningNode("ann");
        StatusReport base = node.status();
        return new StatusReport(base.self(), base.addresses(), base.bootstrapped(), discovery, base.bucketFill(),
                base.dispatcher(), counters, uptime);
    }

    @Test
    void everyCounterGroupHasItsLineAndNoLineIsLongerThanATerminal() {
        Map<String, Long> counters = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            counters.put("kademlia.counterNumber" + i, 1_000_000L + i);
        }
        counters.put("udp.received", 12L);
        counters.put("gossip.delivered", 3L);
        counters.put("kademlia.rejected.TRUNCATED", 0L);
        List<String> lines = StatusText.lines(status(counters, "Joined", Duration.ofSeconds(3723)), "1.2.3");
        for (String line : lines) {
            assertTrue(line.length() <= StatusText.WIDTH, line.length() + ": " + line);
        }
        assertTrue(lines.contains("version      1.2.3"), lines.toString());
        assertTrue(lines.contains("uptime       1 h 02 min 03 s"), lines.toString());
        assertTrue(lines.contains("discovery    joined"), lines.toString());
        assertTrue(lines.contains("  udp        received=12"), lines.toString());
        assertTrue(lines.contains("  gossip     delivered=3"), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("  kademlia ")).count());
        assertTrue(lines.stream().noneMatch(l -> l.contains("rejected.TRUNCATED")), "zero rejections are left out");
        int kademlia = lines.indexOf(lines.stream().filter(l -> l.startsWith("  kademlia ")).findFirst().orElseThrow());
        assertTrue(lines.get(kademlia + 1).startsWith(" ".repeat(13) + "counterNumber"), "continued, indented");
    }

    @Test
    void theDiscoveryStateIsAWordWithItsRound() {
        assertEquals("searching (round 2)", StatusText.discoveryWord("Searching[round=2]"));
        assertEquals("joining (round 1)", StatusText.discoveryWord("Joining(round=1)"));
        assertEquals("joined", StatusText.discoveryWord("Joined[]"));
    }

    @Test
    void uptimeReadsAsHoursMinutesAndSeconds() {
        assertEquals("12 s", StatusText.uptime(Duration.ofSeconds(12)));
        assertEquals("4 min 05 s", StatusText.uptime(Duration.ofSeconds(245)));
        assertEquals("2 d 03 h 04 min", StatusText.uptime(Duration.ofSeconds(2 * 86400 + 3 * 3600 + 4 * 60 + 5)));
    }
}
