package peerconnect.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.app.settings.SettingsResolver;

/** {@code run}'s log file rolls over by size and keeps a bounded number of old files. */
class LogRotationSettingsTest {

    @Test
    void theLogFileIsARollingFileBySizeWithALinkToTheCurrentOne() {
        Map<String, String> c = Logging.runConfiguration(Path.of("/data/logs"), SettingsResolver.LogLevel.DEBUG);
        assertEquals("rolling file", c.get("writer1"));
        assertEquals("/data/logs/peerconnect.{count}.log", c.get("writer1.file"));
        assertEquals("/data/logs/peerconnect.log", c.get("writer1.latest"));
        assertEquals("size: 10mb", c.get("writer1.policies"));
        assertEquals("5", c.get("writer1.backups"));
        assertEquals("debug", c.get("writer1.level"));
        assertEquals("warn", c.get("writer2.level"), "stderr gets warnings and errors only");
    }
}
