package peerconnect.app.settings;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RateLimit;
import peerconnect.domain.RateLimiterSettings;

class SettingsResolverTest {
    private static final Path DIR = Path.of("/data");
    private static final String FILE = "/data/peerconnect.properties";

    /** DNS as a table: only these names resolve. */
    private static final SettingsResolver.HostResolver HOSTS = host -> switch (host) {
        case "alpha.lan" -> InetAddress.getByName("10.0.0.1");
        case "beta.lan" -> InetAddress.getByName("10.0.0.2");
        default -> {
            if (host.matches("[0-9.]+|.*:.*")) {
                yield InetAddress.getByName(host);
            }
            throw new UnknownHostException(host);
        }
    };

    private static SettingsResolver.RunSettings resolve(Map<String, String> flags, Map<String, String> env,
                                                        Map<String, String> file) {
        return SettingsResolver.resolve(flags, env, file, FILE, DIR, HOSTS);
    }

    private static String error(Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        return assertThrows(SettingsException.class, () -> resolve(flags, env, file)).getMessage();
    }

    @Test
    void defaultsWorkWithoutAnything() throws Exception {
        SettingsResolver.RunSettings s = resolve(Map.of(), Map.of(), Map.of());
        NodeSettings n = s.node();
        assertAll(
                () -> assertEquals("", n.name()),
                () -> assertEquals(InetAddress.getByName("::"), n.bind()),
                () -> assertEquals(0, n.port()),
                () -> assertEquals("", n.networkInterface()),
                () -> assertEquals(false, n.ipv6()),
                () -> assertEquals(Optional.empty(), n.group()),
                () -> assertEquals(true, n.multicast()),
                () -> assertEquals(List.of(), n.peers()),
                () -> assertEquals(DIR, n.dataDir()),
                () -> assertEquals(SettingsResolver.LogLevel.INFO, s.logLevel()));
    }

    /** Each row: the value each layer gives for "port" (- = absent), and the port that wins. */
    @ParameterizedTest
    @CsvSource({
            "-,    -,    -,    0",
            "-,    -,    3000, 3000",
            "-,    2000, 3000, 2000",
            "1000, 2000, 3000, 1000",
            "1000, -,    3000, 1000",
            "1000, 2000, -,    1000",
    })
    void flagsBeatEnvironmentBeatFileBeatDefaults(String flag, String env, String file, int expected) {
        Map<String, String> flags = flag.equals("-") ? Map.of() : Map.of("port", flag);
        Map<String, String> vars = env.equals("-") ? Map.of() : Map.of("PEERCONNECT_PORT", env);
        Map<String, String> props = file.equals("-") ? Map.of() : Map.of("port", file);
        assertEquals(expected, resolve(flags, vars, props).node().port());
    }

    @Test
    void everyKeyIsReadFromEveryLayer() throws Exception {
        Map<String, String> file = Map.of("name", "ann", "bind", "127.0.0.1", "interface", "eth1", "ipv6", "true",
                "group", "239.1.2.3:5000", "multicast", "false", "peers", "alpha.lan:4000, 10.0.0.9:4001",
                "log-level", "debug", "port", "7000");
        NodeSettings fromFile = resolve(Map.of(), Map.of(), file).node();
        Map<String, String> env = Map.of("PEERCONNECT_NAME", "bob", "PEERCONNECT_PEERS", "beta.lan:5000",
                "PEERCONNECT_LOG_LEVEL", "warn", "PEERCONNECT_MULTICAST", "yes", "PEERCONNECT_IPV6", "0");
        SettingsResolver.RunSettings fromEnv = resolve(Map.of(), env, file);
        assertAll(
                () -> assertEquals("ann", fromFile.name()),
                () -> assertEquals(InetAddress.getByName("127.0.0.1"), fromFile.bind()),
                () -> assertEquals("eth1", fromFile.networkInterface()),
                () -> assertTrue(fromFile.ipv6()),
                () -> assertEquals(Optional.of(NodeAddress.parse("239.1.2.3:5000")), fromFile.group()),
                () -> assertEquals(false, fromFile.multicast()),
                () -> assertEquals(List.of(NodeAddress.parse("10.0.0.1:4000"), NodeAddress.parse("10.0.0.9:4001")),
                        fromFile.peers()),
                () -> assertEquals("bob", fromEnv.node().name()),
                () -> assertEquals(List.of(NodeAddress.parse("10.0.0.2:5000")), fromEnv.node().peers()),
                () -> assertEquals(SettingsResolver.LogLevel.WARN, fromEnv.logLevel()),
                () -> assertEquals(true, fromEnv.node().multicast()),
                () -> assertEquals(false, fromEnv.node().ipv6()),
                () -> assertEquals(7000, fromEnv.node().port()));
    }

    @Test
    void noMulticastFlagAndRepeatedPeers() {
        NodeSettings n = resolve(Map.of("multicast", "false", "peers", "[::1]:4000,alpha.lan:4001"),
                Map.of("PEERCONNECT_MULTICAST", "true"), Map.of()).node();
        assertAll(
                () -> assertEquals(false, n.multicast()),
                () -> assertEquals(List.of(NodeAddress.parse("[::1]:4000"), NodeAddress.parse("10.0.0.1:4001")),
                        n.peers()));
    }

    /** A bad value is one sentence naming where it came from and what was wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flag| port      | abc           | --port: 'abc' is not a port number (0 to 65535).",
            "env | port      | abc           | PEERCONNECT_PORT: 'abc' is not a port number (0 to 65535).",
            "file| port      | 70000         | /data/peerconnect.properties: port: '70000' is not a port number (0 to 65535).",
            "env | ipv6      | maybe         | PEERCONNECT_IPV6: 'maybe' is not true or false.",
            "flag| group     | 10.0.0.1:5000 | --group: '10.0.0.1:5000' is not a multicast group ADDRESS:PORT.",
            "env | group     | nonsense      | PEERCONNECT_GROUP: 'nonsense' is not a multicast group ADDRESS:PORT.",
            "flag| peers     | nowhere.lan:1 | --peer: unknown host 'nowhere.lan'.",
            "env | peers     | alpha.lan     | PEERCONNECT_PEERS: 'alpha.lan' is not HOST:PORT (IPv6 as [ADDRESS]:PORT).",
            "file| peers     | alpha.lan:0   | /data/peerconnect.properties: peers: 'alpha.lan:0' is not HOST:PORT (IPv6 as [ADDRESS]:PORT).",
            "flag| bind      | nowhere.lan   | --bind: 'nowhere.lan' is not an address of this host.",
            "flag| log-level | loud          | --log-level: 'loud' is not a log level (trace, debug, info, warn, error, off).",
            "flag| rate-limit-per-address | fast | --rate-limit-per-address: 'fast' is not a rate limit: RATE or RATE/BURST datagrams per second (1 to 1000000000), or off.",
            "env | rate-limit-per-prefix  | -5   | PEERCONNECT_RATE_LIMIT_PER_PREFIX: '-5' is not a rate limit: RATE or RATE/BURST datagrams per second (1 to 1000000000), or off.",
            "file| rate-limit-global      | 10/0 | /data/peerconnect.properties: rate-limit-global: '10/0' is not a rate limit: RATE or RATE/BURST datagrams per second (1 to 1000000000), or off.",
            "flag| rate-limit-global      | 2000000000 | --rate-limit-global: '2000000000' is not a rate limit: RATE or RATE/BURST datagrams per second (1 to 1000000000), or off.",
            "flag| rate-limit-global      | 5/   | --rate-limit-global: '5/' is not a rate limit: RATE or RATE/BURST datagrams per second (1 to 1000000000), or off.",
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
        String error = error(layer.equals("flag") ? one : Map.of(), layer.equals("env") ? one : Map.of(),
                layer.equals("file") ? one : Map.of());
        assertEquals(message, error);
    }

    @Test
    void rateLimitsComeFromEveryLayerWithTheDefaultsElsewhere() {
        RateLimiterSettings defaults = RateLimiterSettings.defaults();
        RateLimiterSettings none = resolve(Map.of(), Map.of(), Map.of()).node().rateLimits();
        RateLimiterSettings given = resolve(Map.of("rate-limit-per-address", "100/150"),
                Map.of("PEERCONNECT_RATE_LIMIT_PER_PREFIX", "300"),
                Map.of("rate-limit-global", " OFF ", "rate-limit-per-address", "7")).node().rateLimits();
        RateLimiterSettings zero = resolve(Map.of("rate-limit-per-address", "0", "rate-limit-per-prefix", "off",
                "rate-limit-global", "off"), Map.of(), Map.of()).node().rateLimits();
        assertAll(
                () -> assertEquals(defaults, none),
                () -> assertEquals(new RateLimit(100, 150), given.perAddress()),
                () -> assertEquals(new RateLimit(300, 600), given.perPrefix(), "burst twice the rate by default"),
                () -> assertTrue(given.global().isUnlimited()),
                () -> assertEquals(defaults.maxAddresses(), given.maxAddresses()),
                () -> assertTrue(zero.isUnlimited(), "0 and off mean no limit"),
                () -> assertFalse(given.isUnlimited()));
    }

    @Test
    void aBadValueHiddenByAHigherLayerIsNotAnError() {
        assertEquals(5, resolve(Map.of("port", "5"), Map.of("PEERCONNECT_PORT", "abc"), Map.of()).node().port());
    }

    @Test
    void anUnknownKeyInTheFileIsAnError() {
        assertEquals("/data/peerconnect.properties: unknown key 'prot' (known keys: bind, console, data-dir, group,"
                        + " interface, ipv6, liveness-bad-after-failures, liveness-evict-after-failures,"
                        + " liveness-first-recheck, liveness-max-attempt-timeout, liveness-max-recheck,"
                        + " liveness-min-attempt-timeout, liveness-questionable-after, liveness-recheck-retries,"
                        + " log-level, metrics, multicast, name, network-key-file, on-event, peers, port,"
                        + " rate-limit-global, rate-limit-per-address, rate-limit-per-prefix).",
                error(Map.of(), Map.of(), Map.of("prot", "4000")));
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        assertEquals(0, resolve(Map.of(), Map.of("PEERCONNECT_SOMETHING", "x", "PATH", "/bin"), Map.of()).node().port());
    }
}
