package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three "hosts" on one LAN: three network namespaces whose veth interfaces ({@code lan0},
 * 10.77.0.1-3/24 and fd77::1-3/64) meet on a bridge in a fourth. An endpoint runs in each, in a child
 * JVM, as the app would run it: bound to the wildcard, groups joined on {@code lan0}. Shows that
 * multicast (IPv4 and IPv6) and broadcast sent in one reach the other two, that the unicast answers
 * come back, that two endpoints in one namespace both get every announcement, and that an interface
 * going down and up, or being deleted and re-created, is noticed and the groups re-joined.
 *
 * <p>Skipped, saying why, where namespaces cannot be made (not root, no iproute2, not Linux).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNamespacesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String V4_GROUP = "239.192.80.67:" + UdpEndpointConfig.DEFAULT_GROUP_PORT;
    private static final String V6_GROUP = "[ff02::5043]:" + UdpEndpointConfig.DEFAULT_GROUP_PORT;

    private static NetworkNamespaces namespaces;
    private static String bridge;
    private static final String[] HOSTS = new String[4];
    private static final NetworkNamespaces.Child[] NODES = new NetworkNamespaces.Child[4];
    private static final String[] ADDRESSES = new String[4];

    @BeforeAll
    static void buildTheLan() throws Exception {
        Optional<String> reason = NetworkNamespaces.unavailableReason();
        if (reason.isPresent()) {
            System.err.println("ThreeNamespacesTest skipped: " + reason.get());
        }
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
        NetworkNamespaces.removeLeftovers();
        namespaces = new NetworkNamespaces();
        try {
            bridge = namespaces.create("br");
            namespaces.ip("-n", bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            namespaces.ip("-n", bridge, "link", "set", "br0", "up");
            for (int i = 1; i <= 3; i++) {
                HOSTS[i] = namespaces.create("h" + i);
                namespaces.setSysctl(HOSTS[i], "net/ipv6/conf/all/keep_addr_on_down", "1");
                plugIn(i);
            }
            for (int i = 1; i <= 3; i++) {
                NODES[i] = namespaces.startNode(HOSTS[i]);
            }
            for (int i = 1; i <= 3; i++) {
                // Host 2 leaves the interface to the automatic choice: lan0 is its only candidate (lo is loopback).
                NODES[i].command("open n" + i + " :: " + (i == 2 ? "auto" : "lan0") + " " + V4_GROUP + "," + V6_GROUP);
            }
            for (int i = 1; i <= 3; i++) {
                String opened = NODES[i].expect(l -> l.startsWith("opened "), PATIENCE);
                ADDRESSES[i] = opened.split(" ")[2];
                assertTrue(ADDRESSES[i].startsWith("10.77.0." + i + ":"), opened);
                assertTrue(opened.endsWith(" lan0"), opened);
            }
        } catch (Throwable t) {
            namespaces.close();
            namespaces = null;
            throw t;
        }
    }

    /** Host {@code i}'s veth: {@code b<i>} on the bridge, {@code lan0} in the host, addressed and up. */
    private static void plugIn(int i) {
        namespaces.ip("-n", bridge, "link", "add", "b" + i, "type", "veth", "peer", "name", "lan0", "netns", HOSTS[i]);
        namespaces.ip("-n", bridge, "link", "set", "b" + i, "master", "br0", "up");
        namespaces.ip("-n", HOSTS[i], "addr", "add", "10.77.0." + i + "/24", "brd", "10.77.0.255", "dev", "lan0");
        namespaces.ip("-n", HOSTS[i], "addr", "add", "fd77::" + i + "/64", "dev", "lan0", "nodad");
        namespaces.ip("-n", HOSTS[i], "link", "set", "lan0", "up");
    }

    @AfterAll
    static void tearDown() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    @Test
    @Order(1)
    void ipv4MulticastReachesTheOtherHostsAndTheirUnicastAnswersComeBack() throws Exception {
        announceAndAnswer(V4_GROUP, "hello-v4");
    }

    @Test
    @Order(2)
    void ipv6MulticastReachesTheOtherHostsAndTheirUnicastAnswersComeBack() throws Exception {
        announceAndAnswer(V6_GROUP, "hello-v6");
    }

    @Test
    @Order(3)
    void ipv4BroadcastReachesTheOtherHosts() throws Exception {
        // To the interface's own broadcast address (10.77.0.255), as discovery's fallback finds it.
        NODES[1].command("broadcast n1 " + UdpEndpointConfig.DEFAULT_GROUP_PORT + " hello-broadcast");
        for (int i = 2; i <= 3; i++) {
            String got = NODES[i].expect(l -> l.startsWith("got n") && l.endsWith(" hello-broadcast"), PATIENCE);
            assertEquals("got n" + i + " " + ADDRESSES[1] + " hello-broadcast", got);
        }
    }

    @Test
    @Order(4)
    void twoEndpointsInOneHostBothGetEveryAnnouncement() throws Exception {
        NODES[1].command("open m1 :: lan0 " + V4_GROUP + "," + V6_GROUP);
        NODES[1].expect(l -> l.startsWith("opened m1 "), PATIENCE);
        for (String group : new String[] {V4_GROUP, V6_GROUP}) {
            String text = "both-" + (group.startsWith("[") ? "v6" : "v4");
            NODES[2].command("send n2 " + group + " " + text);
            for (String name : new String[] {"n1", "m1"}) {
                NODES[1].expect(l -> l.startsWith("got " + name + " ") && l.endsWith(" " + text), PATIENCE);
            }
        }
    }

    @Test
    @Order(5)
    void anInterfaceGoingDownAndUpIsNoticedAndTheGroupsRejoined() throws Exception {
        Map<String, Long> before = stats(3);
        namespaces.ip("-n", HOSTS[3], "link", "set", "lan0", "down");
        awaitStat(3, "interfaceChanges", n -> n >= before.get("interfaceChanges") + 1);
        namespaces.ip("-n", HOSTS[3], "link", "set", "lan0", "up");
        awaitStat(3, "rejoins", n -> n >= before.get("rejoins") + 1);
        NODES[1].command("send n1 " + V4_GROUP + " after-down-up");
        NODES[3].expect(l -> l.startsWith("got n3 ") && l.endsWith(" after-down-up"), PATIENCE);
    }

    @Test
    @Order(6)
    void aDeletedAndRecreatedInterfaceIsNoticedAndTheGroupsRejoined() throws Exception {
        // A re-created interface has a new index and none of the old one's memberships: without the
        // re-join nothing sent to the groups would reach host 3 again.
        Map<String, Long> before = stats(3);
        namespaces.ip("-n", bridge, "link", "del", "b3"); // takes its peer, host 3's lan0, with it
        awaitStat(3, "interfaceChanges", n -> n >= before.get("interfaceChanges") + 1);
        plugIn(3);
        awaitStat(3, "rejoins", n -> n >= before.get("rejoins") + 1);
        for (String group : new String[] {V4_GROUP, V6_GROUP}) {
            String text = "after-recreate-" + (group.startsWith("[") ? "v6" : "v4");
            NODES[1].command("send n1 " + group + " " + text);
            NODES[3].expect(l -> l.startsWith("got n3 ") && l.endsWith(" " + text), PATIENCE);
            // And host 3 can multicast again: its outgoing interface was set to the new lan0.
            NODES[3].command("send n3 " + group + " from-3-" + text);
            NODES[1].expect(l -> l.startsWith("got n1 ") && l.endsWith(" from-3-" + text), PATIENCE);
        }
    }

    private static void announceAndAnswer(String group, String text) throws Exception {
        NODES[1].command("send n1 " + group + " " + text);
        for (int host = 2; host <= 3; host++) {
            int i = host;
            String got = NODES[i].expect(l -> l.startsWith("got n") && l.endsWith(" " + text), PATIENCE);
            String[] w = got.split(" ");
            assertEquals("n" + i, w[1], got);
            // Answer the announcement's source by unicast, as discovery does, and get the reply back.
            NODES[i].command("ping n" + i + " " + w[2] + " answer-from-" + i);
            NODES[1].expect(l -> l.startsWith("got n1 ") && l.endsWith(" answer-from-" + i), PATIENCE);
            String pong = NODES[i].expect(l -> l.startsWith("pong n" + i + " ") || l.startsWith("pingfailed"), PATIENCE);
            assertTrue(pong.endsWith(" answer-from-" + i), pong);
        }
    }

    private static Map<String, Long> stats(int i) throws InterruptedException {
        NODES[i].command("stats n" + i);
        String line = NODES[i].expect(l -> l.startsWith("stats n" + i + " "), PATIENCE);
        Map<String, Long> values = new java.util.HashMap<>();
        for (String kv : line.substring(line.indexOf(' ', 6) + 1).split(" ")) {
            String[] p = kv.split("=");
            values.put(p[0], Long.parseLong(p[1]));
        }
        return values;
    }

    private static void awaitStat(int i, String name, LongPredicate condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, Long> now = stats(i);
        while (!condition.test(now.get(name))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("host " + i + ": " + name + " never reached the expected value: " + now);
            }
            Thread.sleep(50);
            now = stats(i);
        }
    }
}
