package peerconnect.app.settings;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one table of {@code run}'s settings: each key is the same in a settings file, in the environment
 * ({@code PEERCONNECT_<KEY>}, upper case, {@code -} as {@code _}) and, under the name given here, on
 * the command line. {@link SettingsResolver} reads them; {@code docs/peerconnect.properties.example}
 * describes every one (a test checks that it does).
 */
final class SettingsTable {
    /**
     * One setting.
     *
     * @param key        the key in a file
     * @param flag       the command-line flag that sets it
     * @param configOnly whether only {@code --config FILE} and the environment may set it, not the file in
     *                   the data directory (the data directory itself)
     */
    record Setting(String key, String flag, boolean configOnly) {
    }

    /** Every setting, in the order the example file lists them. */
    static final List<Setting> ALL = List.of(
            new Setting("data-dir", "--data-dir", true),
            new Setting("name", "--name", false),
            new Setting("port", "--port", false),
            new Setting("bind", "--bind", false),
            new Setting("interface", "--interface", false),
            new Setting("ipv6", "--ipv6", false),
            new Setting("group", "--group", false),
            new Setting("multicast", "--no-multicast", false),
            new Setting("peers", "--peer", false),
            new Setting("network-key-file", "--network-key-file", false),
            new Setting("console", "--no-console", false),
            new Setting("log-level", "--log-level", false),
            new Setting("rate-limit-per-address", "--rate-limit-per-address", false),
            new Setting("rate-limit-per-prefix", "--rate-limit-per-prefix", false),
            new Setting("rate-limit-global", "--rate-limit-global", false),
            new Setting("metrics", "--metrics", false),
            new Setting("on-event", "--on-event", false),
            new Setting("liveness-questionable-after", "--liveness-questionable-after", false),
            new Setting("liveness-bad-after-failures", "--liveness-bad-after-failures", false),
            new Setting("liveness-evict-after-failures", "--liveness-evict-after-failures", false),
            new Setting("liveness-first-recheck", "--liveness-first-recheck", false),
            new Setting("liveness-max-recheck", "--liveness-max-recheck", false),
            new Setting("liveness-recheck-retries", "--liveness-recheck-retries", false),
            new Setting("liveness-min-attempt-timeout", "--liveness-min-attempt-timeout", false),
            new Setting("liveness-max-attempt-timeout", "--liveness-max-attempt-timeout", false));

    /** The keys of {@link #ALL}. */
    static final Set<String> KEYS = ALL.stream().map(Setting::key).collect(Collectors.toUnmodifiableSet());

    private SettingsTable() {
    }

    /** The setting of {@code key}, if there is one. */
    static Optional<Setting> of(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The flag that sets {@code key}. */
    static String flag(String key) {
        return of(key).map(Setting::flag).orElse("--" + key);
    }
}
