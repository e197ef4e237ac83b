package peerconnect.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    @TempDir
    Path dir;

    @Test
    void absentFileIsEmpty() {
        assertEquals(Map.of(), SettingsFile.read(dir.resolve("peerconnect.properties")));
    }

    @Test
    void readsPropertiesSyntax() throws Exception {
        Path file = Files.writeString(dir.resolve("peerconnect.properties"), "# comment\nport = 4000\nname=Zoë\n");
        assertEquals(Map.of("port", "4000", "name", "Zoë"), SettingsFile.read(file));
    }

    @Test
    void anUnreadableFileIsASettingsError() throws Exception {
        // A directory where the file should be: unreadable as a file, even for root.
        Path file = Files.createDirectory(dir.resolve("peerconnect.properties"));
        String message = assertThrows(SettingsException.class, () -> SettingsFile.read(file)).getMessage();
        assertTrue(message.startsWith(file + ": cannot be read ("), message);
        assertTrue(message.endsWith(")."), message);
    }
}
