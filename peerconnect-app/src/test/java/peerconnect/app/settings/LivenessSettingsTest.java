package peerconnect.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.kademlia.LivenessConfig;

/** The {@code liveness-*} settings: read from every layer, defaults elsewhere (bad values: {@code SettingsResolverTest}). */
class LivenessSettingsTest {
    private static final Path DIR = Path.of("/data");
    private static final String FILE = "/data/peerconnect.properties";

    private static SettingsResolver.RunSettings resolve(Map<String, String> flags, Map<String, String> env,
                                                        Map<String, String> file) {
        return SettingsResolver.resolve(flags, env, file, FILE, DIR, InetAddress::getByName);
    }

    @Test
    void withoutAnyLivenessKeyTheNodeGetsTheDefaults() {
        assertEquals(LivenessConfig.defaults(), resolve(Map.of(), Map.of(), Map.of()).node().liveness());
    }

    @Test
    void everyKeyIsReadAndTheHighestLayerWins() {
        Map<String, String> file = Map.of("liveness-questionable-after", "2m", "liveness-bad-after-failures", "4",
                "liveness-evict-after-failures", "7", "liveness-first-recheck", "500ms", "liveness-max-recheck", "1h",
                "liveness-recheck-retries", "5", "liveness-min-attempt-timeout", "100 ms",
                "liveness-max-attempt-timeout", "2S");
        LivenessConfig fromFile = resolve(Map.of(), Map.of(), file).node().liveness();
        assertEquals(new LivenessConfig(Duration.ofMinutes(2), 4, 7, Duration.ofMillis(500), Duration.ofHours(1), 5,
                Duration.ofMillis(100), Duration.ofSeconds(2)), fromFile);
        LivenessConfig layered = resolve(Map.of("liveness-bad-after-failures", "2"),
                Map.of("PEERCONNECT_LIVENESS_BAD_AFTER_FAILURES", "6", "PEERCONNECT_LIVENESS_MAX_RECHECK", "10s"), file)
                .node().liveness();
        assertEquals(2, layered.badAfterFailures(), "the flag beats the environment and the file");
        assertEquals(Duration.ofSeconds(10), layered.maxRecheck(), "the environment beats the file");
        assertEquals(Duration.ofMinutes(2), layered.questionableAfter(), "the file beats the default");
    }
}
