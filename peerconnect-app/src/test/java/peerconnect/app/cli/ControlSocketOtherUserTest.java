package peerconnect.app.cli;

import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.PeerNodes;
import peerconnect.app.node.RunningNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import peerconnect.app.control.ControlPaths;

/**
 * Another user cannot use a node's control socket: the {@code peerconnect status} client runs as
 * {@code nobody} (through {@code setpriv}) against a node of this user. With the socket's own
 * permissions it is refused by the file mode; with the permissions widened on purpose, by the node's
 * check of the peer's user. Needs root (to switch users) and {@code setpriv}; skipped, saying why,
 * without them.
 */
class ControlSocketOtherUserTest {
    private static final String NOBODY_UID = "65534";

    private Path root;
    private RunningNode node;
    private Runnable control;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(isRoot(), "skipped: switching to another user needs root, this test runs as "
                + System.getProperty("user.name"));
        assumeTrue(Stream.of("/usr/bin/setpriv", "/bin/setpriv").anyMatch(p -> Files.isExecutable(Path.of(p))),
                "skipped: setpriv is not installed, so the client cannot run as another user");
        // Under /tmp, readable by all, so that nobody gets as far as the socket's own directory.
        root = Files.createTempDirectory(Path.of("/tmp"), "pc-control-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path data = Files.createDirectory(root.resolve("data"));
        node = PeerNodes.start(new NodeSettings("ann", InetAddress.getByName("127.0.0.1"), 0, "lo", false,
                Optional.empty(), false, List.of(), data));
        control = RunCommand.ControlOpener.DEFAULT.open(data, node);
    }

    @AfterEach
    void stop() throws IOException {
        if (control != null) {
            control.run();
        }
        if (node != null) {
            node.close();
        }
        if (root != null) {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anotherUserIsRefusedByTheSocketsPermissions() throws Exception {
        Result r = statusAsNobody();
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("permission denied: the control socket"), r.output());
        assertTrue(r.output().contains("belongs to user 'root'"), r.output());
    }

    @Test
    void anotherUserIsRefusedByTheNodeWhenThePermissionsWereWidened() throws Exception {
        Path socket = ControlPaths.socket(root.resolve("data"));
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Result r = statusAsNobody();
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("refused: this node's control socket serves only user 'root', not 'nobody'"),
                r.output());
    }

    private record Result(int exitCode, String output) {
    }

    /** {@code peerconnect status} as nobody, from a copy of this test's module path that nobody can read. */
    private Result statusAsNobody() throws Exception {
        Path modules = Files.createDirectories(root.resolve("modules"));
        List<String> path = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("jdk.module.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = modules.resolve((i++) + "-" + from.getFileName());
            copy(from, to);
            path.add(to.toString());
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of("setpriv", "--reuid=" + NOBODY_UID, "--regid=" + NOBODY_UID, "--clear-groups",
                // picocli and tinylog are static requires of the app: named here, as bin/peerconnect does.
                java, "-p", String.join(File.pathSeparator, path), "--add-modules", "ALL-MODULE-PATH",
                "-m", "peerconnect.app/peerconnect.app.cli.PeerConnectCli",
                "status", "--data-dir", root.resolve("data").toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(root.toFile()).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(done ? p.exitValue() : -1, output);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static boolean isRoot() {
        try {
            return "0".equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
