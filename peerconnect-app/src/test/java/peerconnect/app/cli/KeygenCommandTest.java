package peerconnect.app.cli;

import peerconnect.app.settings.NetworkKeyFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.NetworkKey;

/** {@code peerconnect keygen FILE}. */
class KeygenCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAFreshKeyThatRunAcceptsReadableByItsOwnerOnly() throws Exception {
        Path first = dir.resolve("a.key");
        Path second = dir.resolve("b.key");
        CliRun run = CliRun.execute("keygen", first.toString());
        assertEquals(0, CliRun.execute("keygen", second.toString()).exitCode());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("network key written to " + first), run.out());
        NetworkKey key = NetworkKeyFile.read(first);
        assertEquals(key.toKeyFileText(), Files.readString(first));
        assertNotEquals(key, NetworkKeyFile.read(second), "each run draws a new key");
        if (Files.getFileStore(first).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
        }
    }

    @Test
    void neverOverwritesAKey() throws Exception {
        Path file = Files.writeString(dir.resolve("net.key"), "keep me\n");
        CliRun run = CliRun.execute("keygen", file.toString());
        assertEquals(2, run.exitCode());
        assertEquals(file + " exists; keygen never overwrites a key.", run.err().strip());
        assertEquals("keep me\n", Files.readString(file));
    }
}
