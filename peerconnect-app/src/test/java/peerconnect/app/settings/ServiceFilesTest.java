package peerconnect.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The service files in {@code docs/}: the example settings describe every setting of the table and
 * are themselves valid settings; the systemd unit runs without a console and restarts on failure.
 */
class ServiceFilesTest {
    // Tests run in the module's directory; docs/ is at the root of the repository.
    private static final Path EXAMPLE = Path.of("..", "docs", "peerconnect.properties.example");
    private static final Path UNIT = Path.of("..", "docs", "peerconnect.service");

    @Test
    void theExampleSettingsNameEverySettingOfTheTable() throws Exception {
        String text = Files.readString(EXAMPLE);
        for (SettingsTable.Setting s : SettingsTable.ALL) {
            assertTrue(text.contains("\n" + s.key() + "=") || text.contains("\n#" + s.key() + "="),
                    "the example lacks " + s.key());
        }
    }

    @Test
    void theExampleSettingsWithEveryLineUncommentedAreValid() throws Exception {
        Map<String, String> entries = new TreeMap<>();
        for (String line : Files.readAllLines(EXAMPLE)) {
            String l = line.startsWith("#") && line.contains("=") && !line.contains(" ") ? line.substring(1) : line;
            if (!l.startsWith("#") && l.contains("=")) {
                entries.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        entries.remove("network-key-file"); // names a file that only exists on a real host
        assertEquals(SettingsTable.KEYS.size() - 1, entries.size(), entries.toString());
        SettingsResolver.RunSettings settings = SettingsResolver.resolve(Map.of(), Map.of(),
                java.util.List.of(new SettingsResolver.FileLayer("example", Path.of("/etc"), entries, false)),
                Path.of("/var/lib/peerconnect"), host -> java.net.InetAddress.getByName(
                        host.equals("eth0") ? "127.0.0.1" : host));
        assertEquals(false, settings.console());
        assertEquals(19778, settings.node().port());
    }

    @Test
    void theUnitRunsTheNodeWithoutConsoleRestartsOnFailureAndReloadsBySighup() throws Exception {
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("\nExecStart=/opt/peerconnect/bin/peerconnect run --no-console\n"), unit);
        assertTrue(unit.contains("\nRestart=on-failure\n"), unit);
        assertTrue(unit.contains("\nExecReload=/bin/kill -HUP $MAINPID\n"), unit);
    }
}
