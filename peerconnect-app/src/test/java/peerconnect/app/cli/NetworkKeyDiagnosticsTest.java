package peerconnect.app.cli;

import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.PeerNodes;
import peerconnect.app.node.RunningNode;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;

/** {@code ping} and {@code discover} reach a node with a network key only when given that key. */
class NetworkKeyDiagnosticsTest {
    @TempDir
    Path dir;

    @Test
    void pingAndDiscoverWithTheKeyFileGetAnswersAndWithoutItNone() throws Exception {
        NetworkKey key = NetworkKey.generate(new SecureRandom());
        Path keyFile = dir.resolve("network.key");
        Files.writeString(keyFile, key.toKeyFileText());
        NodeAddress group = NodeAddress.parse("239.192.80.94:19794");
        NodeSettings settings = new NodeSettings("sealed", InetAddress.getByName("127.0.0.1"), 0, "127.0.0.1", false,
                Optional.of(group), true, List.of(), dir.resolve("sealed")).withNetworkKey(key);
        try (RunningNode node = PeerNodes.start(settings)) {
            String target = "127.0.0.1:" + node.self().contact().address().port();
            CliRun sealedPing = CliRun.execute("ping", target, "--network-key-file", keyFile.toString());
            CliRun clearPing = CliRun.execute("ping", target, "--timeout", "0.5");
            CliRun sealedDiscover = CliRun.execute("discover", "--seconds", "1", "--interface", "127.0.0.1", "--group",
                    group.toString(), "--group6", "[ff02::5099]:" + group.port(), "--network-key-file", keyFile.toString());
            CliRun clearDiscover = CliRun.execute("discover", "--seconds", "1", "--interface", "127.0.0.1", "--group",
                    group.toString(), "--group6", "[ff02::5099]:" + group.port());
            String id = node.self().contact().id().toHex();
            assertAll(
                    () -> assertEquals(0, sealedPing.exitCode(), sealedPing.err()),
                    () -> assertTrue(sealedPing.out().contains("id " + id), sealedPing.out()),
                    () -> assertEquals(1, clearPing.exitCode(), clearPing.out()),
                    () -> assertEquals(0, sealedDiscover.exitCode(), sealedDiscover.err()),
                    () -> assertTrue(sealedDiscover.out().contains(id), sealedDiscover.out()),
                    () -> assertEquals(1, clearDiscover.exitCode(), clearDiscover.out()));
        }
    }

    @Test
    void aBadKeyFileIsAUsageError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.key"), "not a key\n");
        CliRun ping = CliRun.execute("ping", "127.0.0.1:9", "--network-key-file", bad.toString());
        CliRun discover = CliRun.execute("discover", "--network-key-file", dir.resolve("missing.key").toString());
        assertAll(
                () -> assertEquals(CliErrors.EXIT_USAGE, ping.exitCode()),
                () -> assertTrue(ping.err().startsWith("--network-key-file " + bad), ping.err()),
                () -> assertEquals(CliErrors.EXIT_USAGE, discover.exitCode()),
                () -> assertTrue(discover.err().contains("no such file"), discover.err()));
    }
}
