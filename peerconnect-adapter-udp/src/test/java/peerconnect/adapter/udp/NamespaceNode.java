package peerconnect.adapter.udp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RootCode;
import peerconnect.testkit.core.TestBytes;

/**
 * Test-only main class, run by {@link NetworkNamespaces} in a child JVM inside a network namespace
 * (the test's own JVM stays in the root namespace). Hosts any number of {@link TestNode}s and obeys
 * one command per stdin line, answering on stdout, one line per event:
 * <pre>
 * open NAME BIND_IP INTERFACE|auto GROUP,GROUP|-  → opened NAME ADDRESS INTERFACE
 * send NAME TO TEXT                           → (a DISCOVERY NETWORK_FIND; receivers print "got")
 * broadcast NAME PORT TEXT                    → (the same, to each broadcast address of the interface)
 * ping NAME TO TEXT                           → pong NAME FROM TEXT | pingfailed NAME REASON
 * stats NAME                                  → stats NAME received=.. sent=.. sendErrors=.. interfaceChanges=.. rejoins=..
 * quit                                        → (closes everything, exits 0)
 * </pre>
 * Every request a node's handler sees is printed as {@code got NAME FROM TEXT}; PINGs are answered.
 */
public final class NamespaceNode {
    private NamespaceNode() {
    }

    public static void main(String[] args) throws Exception {
        RealTimeScheduler scheduler = new RealTimeScheduler();
        Map<String, TestNode> nodes = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.split(" ", 4);
            try {
                switch (w[0]) {
                    case "open" -> {
                        String[] a = line.split(" "); // open NAME BIND_IP INTERFACE GROUPS
                        List<NodeAddress> groups = new ArrayList<>();
                        if (!a[4].equals("-")) {
                            for (String g : a[4].split(",")) {
                                groups.add(address(g));
                            }
                        }
                        UdpEndpointConfig config = UdpEndpointConfig.defaults()
                                .withBind(Loopback.ip(a[2]), 0).withNetworkInterface(a[3].equals("auto") ? "" : a[3])
                                .withGroups(groups).withInterfacePollInterval(Duration.ofMillis(100));
                        TestNode node = new TestNode(config, scheduler, nodes.size() + 1);
                        String name = a[1];
                        nodes.put(name, node);
                        Thread.ofPlatform().daemon().start(() -> printRequests(name, node));
                        say("opened " + name + " " + node.address() + " " + node.transport.networkInterface().getName());
                    }
                    case "send" -> nodes.get(w[1]).dispatcher.send(address(w[2]), RootCode.DISCOVERY,
                            (byte) 0x01, TestBytes.utf8(w[3]));
                    case "broadcast" -> {
                        TestNode node = nodes.get(w[1]);
                        List<NodeAddress> targets = node.transport.broadcastAddresses(Integer.parseInt(w[2]));
                        if (targets.isEmpty()) {
                            say("error no broadcast address on " + node.transport.networkInterface().getName());
                        }
                        for (NodeAddress to : targets) {
                            node.dispatcher.send(to, RootCode.DISCOVERY, (byte) 0x01, TestBytes.utf8(w[3]));
                        }
                    }
                    case "ping" -> {
                        String name = w[1];
                        nodes.get(name).dispatcher.request(address(w[2]), RootCode.KADEMLIA, TestNode.PING,
                                TestBytes.utf8(w[3]), Duration.ofSeconds(5)).whenComplete((m, e) -> {
                                    if (e != null) {
                                        say("pingfailed " + name + " " + e);
                                    } else {
                                        say("pong " + name + " " + w[2] + " " + TestBytes.utf8(m.body()));
                                    }
                                });
                    }
                    case "stats" -> {
                        UdpTransportStats s = nodes.get(w[1]).transport.stats();
                        say("stats " + w[1] + " received=" + s.received() + " sent=" + s.sent() + " sendErrors="
                                + s.sendErrors() + " interfaceChanges=" + s.interfaceChanges() + " rejoins="
                                + s.rejoins());
                    }
                    case "quit" -> {
                        nodes.values().forEach(TestNode::close);
                        scheduler.close();
                        say("bye");
                        System.exit(0);
                    }
                    default -> say("error unknown command " + w[0]);
                }
            } catch (RuntimeException e) {
                say("error " + line + ": " + e);
            }
        }
        System.exit(0);
    }

    /** Like {@link NodeAddress#parse}, but keeps an IPv6 scope ({@code [fe80::1%lan0]:5}), which replies to link-local sources need. */
    static NodeAddress address(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        return new NodeAddress(Loopback.ip(host), Integer.parseInt(text.substring(colon + 1)));
    }

    private static void printRequests(String name, TestNode node) {
        try {
            while (true) {
                RequestEvent e = node.requests.poll(1, TimeUnit.HOURS);
                if (e != null) {
                    say("got " + name + " " + e.from() + " " + TestBytes.utf8(e.message().body()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
