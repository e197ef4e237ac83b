package peerconnect.app.cli;

import peerconnect.app.console.MiniJson;
import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.PeerNodes;
import peerconnect.app.node.RunningNode;
import peerconnect.app.node.SystemScheduler;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransports;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.DiscoveryAuthenticator;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.NodeKey;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.DatagramReceiver;

/** {@code ping} and {@code discover} against a responder on loopback (IPv4 multicast on lo stays on this host). */
class OneShotCommandsTest {

    /** A bare endpoint on 127.0.0.1 answering PING (and, joined to {@code groups} on lo, NETWORK_FIND). */
    private static final class Responder implements AutoCloseable {
        final SystemScheduler scheduler = new SystemScheduler("responder");
        final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        final UdpTransport transport;
        final RequestsDispatcher dispatcher;
        final PeerId id;

        Responder(List<NodeAddress> groups) throws Exception {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            transport = UdpTransports.create(UdpEndpointConfig.defaults().withBind(loopback, 0).withGroups(groups)
                    .withNetworkInterface("127.0.0.1"), scheduler);
            SplittableRandom random = new SplittableRandom(5);
            NodeKey key = NodeKey.generate(new SecureRandom());
            id = key.peerId();
            dispatcher = RequestsDispatcher.builder(id).transport(transport).scheduler(scheduler).executor(workers)
                    .random(random).build();
            dispatcher.register(RootCode.KADEMLIA, event -> event.reply((byte) 0x81, new byte[0]));
            DiscoveryAuthenticator authenticator = new DiscoveryAuthenticator(key, DiscoveryConfig.defaults(),
                    scheduler.clock());
            dispatcher.register(RootCode.DISCOVERY, event -> {
                // Answers only a find that is signed and fresh, as a node does: discover must sign its finds.
                if (event.message().op() == DiscoveryCodec.NETWORK_FIND
                        && authenticator.verify(event.message().op(), event.message().sender(), event.from(),
                                event.message().body()) instanceof DiscoveryAuthenticator.Accepted find) {
                    dispatcher.send(find.advertised(), RootCode.DISCOVERY, DiscoveryCodec.NETWORK_FIND_REPLY,
                            authenticator.signReply(transport.localAddress(), event.message().sender(),
                                    find.timestampMillis()));
                }
            });
            transport.start(dispatcher);
        }

        @Override
        public void close() {
            transport.close();
            dispatcher.closeNow();
            scheduler.close();
            workers.shutdownNow();
        }
    }

    @Test
    void pingPrintsTheRoundTripAndTheId() throws Exception {
        try (Responder node = new Responder(List.of())) {
            String target = "127.0.0.1:" + node.transport.localAddress().port();
            CliRun text = CliRun.execute("ping", target, "--count", "2");
            CliRun json = CliRun.execute("ping", target, "--json");
            Map<?, ?> fields = (Map<?, ?>) MiniJson.parse(json.out().strip());
            assertAll(
                    () -> assertEquals(0, text.exitCode(), text.err()),
                    () -> assertTrue(text.out().startsWith("reply from " + target + ": id " + node.id.toHex() + " time="),
                            text.out()),
                    () -> assertTrue(text.out().contains("2 sent, 2 answered, rtt min/median/max = "), text.out()),
                    () -> assertEquals(0, json.exitCode()),
                    () -> assertEquals(node.id.toHex(), fields.get("id")),
                    () -> assertEquals(1.0, fields.get("answered")),
                    () -> assertEquals(1, ((List<?>) fields.get("rttMillis")).size()));
        }
    }

    @Test
    void pingWithoutAnswerIsOneSentenceAndExitOne() throws Exception {
        int silentPort;
        try (Responder gone = new Responder(List.of())) {
            silentPort = gone.transport.localAddress().port();
        }
        CliRun run = CliRun.execute("ping", "127.0.0.1:" + silentPort, "--timeout", "0.3");
        assertAll(
                () -> assertEquals(1, run.exitCode()),
                () -> assertEquals("peerconnect ping: no answer from 127.0.0.1:" + silentPort + " within 0.3 s.",
                        run.err().strip()));
    }

    @Test
    void badPingTargetsAreUsageErrors() {
        CliRun noPort = CliRun.execute("ping", "localhost");
        CliRun unknown = CliRun.execute("ping", "nowhere.invalid:4000");
        CliRun count = CliRun.execute("ping", "127.0.0.1:4000", "--count", "0");
        assertAll(
                () -> assertEquals(2, noPort.exitCode()),
                () -> assertTrue(noPort.err().startsWith("peerconnect ping: 'localhost' is not HOST:PORT"), noPort.err()),
                () -> assertEquals(2, unknown.exitCode()),
                () -> assertTrue(unknown.err().startsWith("peerconnect ping: unknown host 'nowhere.invalid'."), unknown.err()),
                () -> assertEquals(2, count.exitCode()),
                () -> assertTrue(count.err().startsWith("--count: '0' is not between 1 and 1000."), count.err()));
    }

    @Test
    void discoverListsWhoAnswersOnTheGroup() throws Exception {
        NodeAddress group = NodeAddress.parse("239.192.80.99:19799");
        try (Responder node = new Responder(List.of(group))) {
            CliRun json = CliRun.execute("discover", "--seconds", "1", "--interface", "127.0.0.1", "--group", group.toString(),
                    "--group6", "[ff02::5099]:" + group.port(),
                    "--json");
            Map<?, ?> fields = (Map<?, ?>) MiniJson.parse(json.out().strip());
            assertAll(
                    () -> assertEquals(0, json.exitCode(), json.err()),
                    () -> assertEquals(List.of(Map.of("id", node.id.toHex(), "address", node.transport.localAddress().toString(),
                            "addresses", List.of(node.transport.localAddress().toString()))), fields.get("peers")),
                    () -> assertTrue(((List<?>) fields.get("asked")).contains("IPv4"), fields.toString()));
        }
    }

    @Test
    void discoverFindsARunningNodeWhichChecksItsSignedFind(@TempDir Path dir) throws Exception {
        NodeAddress group = NodeAddress.parse("239.192.80.96:19796");
        NodeSettings settings = new NodeSettings("running", InetAddress.getByName("127.0.0.1"), 0, "127.0.0.1", false,
                Optional.of(group), true, List.of(), dir.resolve("running"));
        try (RunningNode node = PeerNodes.start(settings)) {
            CliRun json = CliRun.execute("discover", "--seconds", "1", "--interface", "127.0.0.1", "--group",
                    group.toString(), "--group6", "[ff02::5099]:" + group.port(), "--json");
            Map<?, ?> fields = (Map<?, ?>) MiniJson.parse(json.out().strip());
            assertAll(
                    () -> assertEquals(0, json.exitCode(), json.err()),
                    () -> assertEquals(List.of(Map.of("id", node.self().contact().id().toHex(),
                            "address", node.self().contact().address().toString(),
                            "addresses", List.of(node.self().contact().address().toString()))), fields.get("peers")),
                    () -> assertTrue(node.status().counters().get("discovery.answered") >= 1, "answered a signed find"),
                    () -> assertEquals(0L, node.status().counters().get("discovery.rejected.BAD_SIGNATURE")));
        }
    }

    @Test
    void discoverWithNobodyEndsInOneSentenceAndExitOne() {
        CliRun run = CliRun.execute("discover", "--seconds", "1", "--interface", "127.0.0.1", "--group", "239.192.80.98:19798",
                "--group6", "[ff02::5099]:19798");
        assertAll(
                () -> assertEquals(1, run.exitCode()),
                () -> assertTrue(run.err().strip().endsWith("peerconnect discover: no node answered within 1 s."), run.err()),
                () -> assertEquals("", run.out()));
    }

    @Test
    void helpOfEachCommandTellsItsOptions() {
        CliRun ping = CliRun.execute("ping", "--help");
        CliRun discover = CliRun.execute("discover", "--help");
        assertAll(
                () -> assertTrue(ping.out().contains("--count") && ping.out().contains("--timeout")
                        && ping.out().contains("--json") && ping.out().contains("HOST:PORT"), ping.out()),
                () -> assertTrue(discover.out().contains("--seconds") && discover.out().contains("--json"), discover.out()));
    }

}
