package peerconnect.app.console;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.PeerRecord;

class NodeConsoleTest {
    private final FakeRunningNode node = new FakeRunningNode("ann");

    /** Types {@code input} into a console on {@link #node} and returns every line it printed. */
    private List<String> type(String input) {
        StringWriter out = new StringWriter();
        ConsoleIo io = ConsoleIo.piped(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out));
        new NodeConsole(node, io, Duration.ofSeconds(5), Duration.ofSeconds(1)).run();
        return out.toString().lines().toList();
    }

    @Test
    void putThenGetReturnsTheValueUnderTheSha1OfTheKey() {
        node.peers.add(node.contact(2, 4001));
        List<String> out = type("put greeting hello wide world\nget greeting\nget missing\n");
        PeerId id = NodeConsole.keyId("greeting");
        assertAll(
                () -> assertEquals(List.of(
                        "stored 'greeting' (key " + id.toHex() + ") at 1 of 1 peer",
                        "hello wide world",
                        "no value for 'missing'"), out));
    }

    @Test
    void deleteWithdrawsTheValue() {
        node.peers.add(node.contact(2, 4001));
        List<String> out = type("put greeting hello\ndelete greeting\nget greeting\n");
        PeerId id = NodeConsole.keyId("greeting");
        assertEquals(List.of(
                "stored 'greeting' (key " + id.toHex() + ") at 1 of 1 peer",
                "deleted 'greeting' (key " + id.toHex() + ") at 1 of 1 peer",
                "no value for 'greeting'"), out);
    }

    @Test
    void putWithATtlSaysForHowLongAndABadTtlStoresNothing() {
        node.peers.add(node.contact(2, 4001));
        List<String> out = type("put --ttl 10m greeting hello\nput --ttl 0s other x\nget other\n");
        PeerId id = NodeConsole.keyId("greeting");
        assertEquals(List.of(
                "stored 'greeting' (key " + id.toHex() + ") at 1 of 1 peer, for 10m",
                "put: a lifetime is whole seconds from 1s to 365d (or forever), got 0s.",
                "no value for 'other'"), out);
    }

    @Test
    void keyIdIsSha1OfUtf8() {
        // printf '' | sha1sum; printf 'test' | sha1sum
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", NodeConsole.keyId("").toHex());
        assertEquals("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", NodeConsole.keyId("test").toHex());
    }

    @Test
    void peersListsIdAndAddressSortedByIdOrSaysThereAreNone() {
        List<String> empty = type("peers\n");
        PeerContact b = node.contact(2, 4001);
        PeerContact c = node.contact(3, 4002);
        node.peers.addAll(List.of(b, c));
        List<String> two = type("peers\npeers --json\n");
        PeerContact first = b.id().compareTo(c.id()) < 0 ? b : c;
        PeerContact second = first == b ? c : b;
        assertAll(
                () -> assertEquals(List.of("no peers yet"), empty),
                // "-": a directory without records has no verified name to show.
                () -> assertEquals(first.id().toHex() + " - " + first.address(), two.get(0)),
                () -> assertEquals(second.id().toHex() + " - " + second.address(), two.get(1)),
                () -> assertEquals(Map.of("peers", List.of(
                        Map.of("id", first.id().toHex(), "address", first.address().toString()),
                        Map.of("id", second.id().toHex(), "address", second.address().toString()))),
                        MiniJson.parse(two.get(2))));
    }

    @Test
    void getJsonIsOneObject() {
        node.dht().put(NodeConsole.keyId("k"), "v \"q\"".getBytes(StandardCharsets.UTF_8));
        List<String> out = type("get k --json\nget nope --json\n");
        assertAll(
                () -> assertEquals(Map.of("key", "k", "id", NodeConsole.keyId("k").toHex(), "found", true, "value", "v \"q\""),
                        MiniJson.parse(out.get(0))),
                () -> assertEquals(false, ((Map<?, ?>) MiniJson.parse(out.get(1))).get("found")));
    }

    @Test
    void gossipIsPublishedAndIncomingGossipPrinted() {
        PeerId origin = node.contact(5, 1).id();
        StringWriter out = new StringWriter();
        ConsoleIo io = ConsoleIo.piped(new ByteArrayInputStream("gossip hello all\n".getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out)) ;
        NodeConsole console = new NodeConsole(node, io, Duration.ofSeconds(5), Duration.ofSeconds(1));
        console.run();
        List<String> lines = out.toString().lines().toList();
        assertAll(
                () -> assertEquals(List.of("hello all"), node.published),
                () -> assertTrue(lines.get(0).startsWith("sent gossip "), lines.toString()),
                // The console unsubscribes when it ends.
                () -> assertTrue(node.subscribers.isEmpty()));

        StringWriter later = new StringWriter();
        ConsoleIo blocking = new ConsoleIo.PipedIo(new java.io.BufferedReader(new java.io.StringReader("")) {
            @Override
            public String readLine() {
                node.receive(origin, "hi from far away");
                return null;
            }
        }, new PrintWriter(later));
        new NodeConsole(node, blocking, Duration.ofSeconds(5), Duration.ofSeconds(1)).run();
        assertEquals("gossip from " + origin.toHex() + ": hi from far away", later.toString().strip());
    }

    @Test
    void searchPrintsEachPeerOnceFromBothSources() {
        PeerContact a = node.contact(2, 4001);
        PeerContact b = node.contact(3, 4002);
        node.gossipFinds.add(new PeerRecord(a, "alice"));
        node.dhtFinds.add(new PeerRecord(a, "alice"));
        node.dhtFinds.add(new PeerRecord(b, "alicia"));
        List<String> out = type("search ali\nsearch ali --json\n");
        assertAll(
                () -> assertEquals("'alice' " + a.id().toHex() + " " + a.address() + " (gossip)", out.get(0)),
                () -> assertEquals("'alicia' " + b.id().toHex() + " " + b.address() + " (dht)", out.get(1)),
                () -> assertEquals("2 peers found for 'ali'", out.get(2)),
                () -> assertEquals("alice", ((Map<?, ?>) MiniJson.parse(out.get(3))).get("name")),
                () -> assertEquals(Map.of("query", "ali", "found", 2.0), MiniJson.parse(out.get(5))));
    }

    @Test
    void statusShowsIdBootstrapBucketsCountersAndJson() {
        node.peers.add(node.contact(2, 4001));
        List<String> out = type("status\nstatus --json\n");
        Map<?, ?> json = (Map<?, ?>) MiniJson.parse(out.get(out.size() - 1));
        assertAll(
                () -> assertEquals("peer id      " + node.self.contact().id().toHex(), out.get(0)),
                () -> assertTrue(out.contains("bootstrapped yes"), out.toString()),
                () -> assertTrue(out.contains("buckets      159=1"), out.toString()),
                () -> assertTrue(out.stream().anyMatch(l -> l.startsWith("dropped") && l.contains("MALFORMED=1")),
                        out.toString()),
                () -> assertEquals(node.self.contact().id().toHex(), json.get("id")),
                () -> assertEquals(true, json.get("bootstrapped")),
                () -> assertEquals(1.0, ((Map<?, ?>) json.get("dropped")).get("MALFORMED")),
                () -> assertEquals(0.0, ((Map<?, ?>) json.get("dispatcher")).get("repliesRefusedOverBudget")),
                () -> assertEquals(12.0, ((Map<?, ?>) json.get("counters")).get("udp.received")),
                () -> assertTrue(out.contains("  kademlia   rejected=2 rejected.TRUNCATED=2"), out.toString()),
                () -> assertTrue(out.contains("  udp        received=12"), out.toString()),
                () -> assertTrue(out.contains("discovery    joined"), out.toString()),
                () -> assertTrue(out.stream().anyMatch(l -> l.startsWith("version ")), out.toString()),
                () -> assertTrue(out.stream().anyMatch(l -> l.startsWith("uptime ")), out.toString()),
                () -> assertTrue(out.stream().noneMatch(l -> !l.startsWith("{") && l.contains("BAD_NAME")),
                        "a reason that never happened is left out of the text: " + out),
                () -> assertEquals(0.0, ((Map<?, ?>) json.get("counters")).get("kademlia.rejected.BAD_NAME"),
                        "but not out of the JSON"));
    }

    @Test
    void quitStopsReadingAndBadLinesAndFailuresKeepTheConsole() {
        String big = "x".repeat(2000);
        List<String> out = type("frobnicate\nput k " + big + "\nhelp\nquit\npeers\n");
        assertAll(
                () -> assertEquals("unknown command 'frobnicate'; type help for the list.", out.get(0)),
                () -> assertEquals("error: value too large: 2000 bytes", out.get(1)),
                () -> assertEquals(ConsoleParser.HELP, out.subList(2, 2 + ConsoleParser.HELP.size())),
                // Nothing after quit ran.
                () -> assertEquals(2 + ConsoleParser.HELP.size(), out.size()));
    }

    @Test
    void lookupPrintsTheClosestPeers() {
        PeerContact a = node.contact(2, 4001);
        node.peers.add(a);
        List<String> out = type("lookup " + a.id().toHex() + "\nlookup " + a.id().toHex() + " --json\n");
        assertAll(
                () -> assertEquals(a.id().toHex() + " " + a.address(), out.get(0)),
                () -> assertEquals(a.id().toHex(), ((Map<?, ?>) MiniJson.parse(out.get(1))).get("target")));
    }
}
