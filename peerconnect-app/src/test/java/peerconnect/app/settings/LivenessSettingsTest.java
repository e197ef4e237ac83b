package peerconnect.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import peerconnect.adapter.kademlia.LivenessConfig;

/** The {@code liveness-*} settings: read from every layer, defaults elsewhere, bad values named with their source. */
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

    /** Each row: the layer, the key, its value, and the message (the only key given). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flag| liveness-first-recheck      | soon  | --liveness-first-recheck: 'soon' is not a duration: a whole number with ms, s, m or h (250ms, 30s, 15m).",
            "env | liveness-questionable-after | 15    | PEERCONNECT_LIVENESS_QUESTIONABLE_AFTER: '15' is not a duration: a whole number with ms, s, m or h (250ms, 30s, 15m).",
            "file| liveness-max-recheck        | -1s   | /data/peerconnect.properties: liveness-max-recheck: '-1s' is not a duration: a whole number with ms, s, m or h (250ms, 30s, 15m).",
            "flag| liveness-recheck-retries    | many  | --liveness-recheck-retries: 'many' is not a whole number.",
            "flag| liveness-bad-after-failures | 0     | --liveness-bad-after-failures: liveness-bad-after-failures must be in 1..100: 0.",
            "env | liveness-evict-after-failures | 2   | PEERCONNECT_LIVENESS_EVICT_AFTER_FAILURES: liveness-evict-after-failures must be in 3..100: 2.",
            "flag| liveness-first-recheck      | 0s    | --liveness-first-recheck: liveness-first-recheck must be positive: 0 s.",
            "flag| liveness-first-recheck      | 1m    | --liveness-first-recheck: liveness-max-recheck 30 s must not be shorter than liveness-first-recheck 1 min.",
            "flag| liveness-recheck-retries    | 11    | --liveness-recheck-retries: liveness-recheck-retries must be in 1..10: 11.",
            "flag| liveness-recheck-retries    | 1     | --liveness-recheck-retries: liveness-recheck-retries 1 must be more than rpcRetries 1: a recheck tries harder than an ordinary call.",
            "file| liveness-min-attempt-timeout | 2s   | /data/peerconnect.properties: liveness-min-attempt-timeout: rpcTimeout 1 s must lie within liveness-min-attempt-timeout 2 s and liveness-max-attempt-timeout 3 s: it is the first attempt's wait before a round trip is measured.",
            "flag| liveness-max-attempt-timeout | 100ms | --liveness-max-attempt-timeout: liveness-max-attempt-timeout 0.1 s must not be shorter than liveness-min-attempt-timeout 0.25 s.",
    })
    void badValuesNameTheirSource(String layer, String key, String value, String message) {
        Map<String, String> one = Map.of(layer.equals("env") ? SettingsResolver.envName(key) : key, value);
        SettingsException e = assertThrows(SettingsException.class, () -> resolve(layer.equals("flag") ? one : Map.of(),
                layer.equals("env") ? one : Map.of(), layer.equals("file") ? one : Map.of()));
        assertEquals(message, e.getMessage());
    }
}
