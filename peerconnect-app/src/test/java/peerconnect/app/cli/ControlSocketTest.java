package peerconnect.app.cli;

import peerconnect.app.console.ConsoleIo;
import peerconnect.app.control.ControlClient;
import peerconnect.app.console.ControlConsole;
import peerconnect.app.console.NodeConsole;
import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.PeerNodes;
import peerconnect.app.node.RunningNode;
import peerconnect.app.node.SystemScheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.app.control.ControlException;
import peerconnect.app.control.ControlLimits;
import peerconnect.app.control.ControlPaths;
import peerconnect.app.control.ControlServer;
import peerconnect.domain.NodeAddress;

/**
 * A real node on loopback with its control socket, driven by the {@code peerconnect} control commands
 * in this JVM: the same output as the console, and the clear errors of a missing, stale or taken socket.
 */
class ControlSocketTest {
    @TempDir
    Path dir;

    private RunningNode ann;
    private RunningNode bob;
    private Runnable annControl;

    private NodeSettings settings(String name, List<NodeAddress> peers) throws IOException {
        return new NodeSettings(name, InetAddress.getByName("127.0.0.1"), 0, "lo", false, Optional.empty(), false,
                peers, dir.resolve(name));
    }

    @BeforeEach
    void start() throws Exception {
        bob = PeerNodes.start(settings("bob", List.of()));
        ann = PeerNodes.start(settings("ann", List.of(bob.self().contact().address())));
        annControl = RunCommand.ControlOpener.DEFAULT.open(dir.resolve("ann"), ann);
        for (int i = 0; i < 200 && ann.dht().knownPeers().isEmpty(); i++) {
            Thread.sleep(25);
        }
    }

    @AfterEach
    void stop() {
        if (annControl != null) {
            annControl.run();
        }
        if (ann != null) {
            ann.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    private CliRun cli(String... args) {
        return CliRun.execute(args);
    }

    @Test
    void peersStatusPutAndGetFromAnotherClientShowWhatTheConsoleShows() {
        String annDir = dir.resolve("ann").toString();
        CliRun peers = cli("peers", "--json", "--data-dir", annDir);
        assertEquals(0, peers.exitCode(), peers.err());
        assertTrue(peers.out().contains(bob.self().contact().id().toHex()), peers.out());
        // The name comes from bob's verified record.
        assertTrue(peers.out().contains("\"name\":\"" + bob.self().name() + "\""), peers.out());
        CliRun text = cli("peers", "--data-dir", annDir);
        assertTrue(text.out().contains(bob.self().contact().id().toHex() + " " + bob.self().name() + " "), text.out());

        CliRun status = cli("status", "--data-dir", annDir);
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains(ann.self().contact().id().toHex()), status.out());

        CliRun put = cli("put", "colour", "deep", "blue", "--data-dir", annDir);
        assertEquals(0, put.exitCode(), put.err() + put.out());
        assertTrue(put.out().startsWith("stored 'colour'"), put.out());
        CliRun get = cli("get", "colour", "--json", "--data-dir", annDir);
        assertEquals(0, get.exitCode(), get.err());
        assertTrue(get.out().contains("\"value\":\"deep blue\""), get.out());

        // The same text as the console prints for the same command.
        java.io.StringWriter console = new java.io.StringWriter();
        new NodeConsole(ann, ConsoleIo.piped(new java.io.ByteArrayInputStream("peers\n".getBytes(StandardCharsets.UTF_8)),
                new java.io.PrintWriter(console, true)), Duration.ofSeconds(15), Duration.ofSeconds(3)).run();
        // Only when a peer was last heard and its round trip may differ between the two calls.
        assertEquals(withoutAges(console.toString()), withoutAges(cli("peers", "--data-dir", annDir).out()));
    }

    private static String withoutAges(String peersText) {
        return peersText.replaceAll("heard \\S+ ago", "heard _ ago").replaceAll("rtt \\S+", "rtt _");
    }

    @Test
    void aFailedOrRefusedCommandExitsWithOne() {
        String annDir = dir.resolve("ann").toString();
        CliRun lookup = cli("lookup", "not-an-id", "--data-dir", annDir);
        assertEquals(1, lookup.exitCode());
        assertTrue(lookup.out().contains("is not a peer id"), lookup.out());
        CliRun spaces = cli("get", "two words", "--data-dir", annDir);
        assertEquals(CliErrors.EXIT_USAGE, spaces.exitCode());
        assertTrue(spaces.err().contains("one word"), spaces.err());
    }

    @Test
    void noNodeInTheDataDirectoryIsSaidSo() {
        CliRun none = cli("status", "--data-dir", dir.resolve("nobody-here").toString());
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("no node is running with data directory"), none.err());
    }

    @Test
    void aStaleSocketIsSaidSoAndReplacedByTheNextNode() throws Exception {
        Path data = dir.resolve("stale");
        Path socket = ControlPaths.socket(data);
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a channel leaves its socket file, as a killed node does");
        CliRun stale = cli("status", "--data-dir", data.toString());
        assertEquals(1, stale.exitCode());
        assertTrue(stale.err().contains("is stale"), stale.err());

        Runnable close = RunCommand.ControlOpener.DEFAULT.open(data, bob);
        try {
            assertEquals(0, cli("status", "--data-dir", data.toString()).exitCode());
        } finally {
            close.run();
        }
        assertTrue(Files.notExists(socket), "a closed control socket removes its file");
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryIsRefused() {
        ControlException e = assertThrows(ControlException.class,
                () -> RunCommand.ControlOpener.DEFAULT.open(dir.resolve("ann"), bob));
        assertTrue(e.getMessage().contains("another node is running"), e.getMessage());
    }

    @Test
    void theSocketIsOwnerOnly() throws IOException {
        Path socket = ControlPaths.socket(dir.resolve("ann"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    void aRequestOverTheSizeLimitAndAClientOverTheClientLimitAreRefused() throws Exception {
        Path data = dir.resolve("bounded");
        ControlLimits limits = new ControlLimits(16, 1, Duration.ofSeconds(5), Duration.ofSeconds(5));
        try (SystemScheduler deadlines = new SystemScheduler("test-control");
             ControlServer server = ControlServer.open(data, ControlConsole.runner(bob, Duration.ofSeconds(5),
                     Duration.ofSeconds(1)), limits, deadlines, Thread.ofVirtual().factory())) {
            assertEquals(List.of("!refused: a request line is at most 16 bytes.", "=1"),
                    exchange(server.socket(), "status " + "x".repeat(40) + "\n"));

            try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
                // The idle client holds the one slot until it sends a line or its 5 s run out.
                for (int i = 0; i < 200 && server.counters().get("control.served") == 0
                        && !exchangeIsBusy(server.socket()); i++) {
                    Thread.sleep(10);
                }
                assertTrue(server.counters().get("control.refused.BUSY") >= 1, server.counters().toString());
            }
            assertEquals(1L, server.counters().get("control.refused.TOO_LARGE"));
        }
    }

    /** Whether the real client, sending {@code status}, hears that the node is busy. */
    private static boolean exchangeIsBusy(Path socket) {
        List<String> errors = new java.util.ArrayList<>();
        int status = new peerconnect.app.control.ControlClient(java.time.InstantSource.system(), Duration.ofSeconds(10))
                .send(socket.getParent().getParent(), "status", line -> { }, errors::add);
        return status == 1 && errors.equals(List.of("refused: 1 control clients are being served already;"
                + " try again when one has finished."));
    }

    /** Sends raw bytes and reads the reply lines to the end. */
    private static List<String> exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (channel.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    break;
                }
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }
}
