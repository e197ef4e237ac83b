package peerconnect.app.settings;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.LivenessConfig;

/**
 * Reads the {@code liveness-*} settings into a {@link LivenessConfig}: durations as a whole number with
 * a unit ({@code 250ms}, {@code 30s}, {@code 15m}, {@code 1h}), counts as whole numbers; an absent key
 * keeps its default. A value out of range, or values that do not fit together (a longest recheck
 * shorter than the first), is reported with the place it came from.
 */
final class LivenessSettings {
    /** Each key, and the name {@link LivenessConfig} and {@link KademliaConfig} give it in their messages. */
    private static final Map<String, String> COMPONENTS = components();

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h)");

    private LivenessSettings() {
    }

    /**
     * @param find the value of a key and where it came from, if any layer gives it
     * @throws SettingsException naming the first bad value and its source
     */
    static LivenessConfig read(Function<String, Optional<SettingsResolver.Found>> find) {
        LivenessConfig d = LivenessConfig.defaults();
        LivenessConfig config;
        try {
            config = new LivenessConfig(
                    duration(find, "liveness-questionable-after", d.questionableAfter()),
                    count(find, "liveness-bad-after-failures", d.badAfterFailures()),
                    count(find, "liveness-evict-after-failures", d.evictAloneAfterFailures()),
                    duration(find, "liveness-first-recheck", d.firstRecheck()),
                    duration(find, "liveness-max-recheck", d.maxRecheck()),
                    count(find, "liveness-recheck-retries", d.recheckRetries()),
                    duration(find, "liveness-min-attempt-timeout", d.minAttemptTimeout()),
                    duration(find, "liveness-max-attempt-timeout", d.maxAttemptTimeout()));
            // The DHT's own settings bound these too (its 1 s first attempt lies within the attempt timeouts).
            KademliaConfig.defaults().withLiveness(config);
        } catch (IllegalArgumentException e) {
            throw rejected(find, e.getMessage());
        }
        return config;
    }

    private static Duration duration(Function<String, Optional<SettingsResolver.Found>> find, String key,
                                     Duration otherwise) {
        Optional<SettingsResolver.Found> found = find.apply(key);
        if (found.isEmpty()) {
            return otherwise;
        }
        Matcher m = DURATION.matcher(found.get().value().strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw SettingsResolver.bad(found.get(), "is not a duration: a whole number with ms, s, m or h (250ms, 30s, 15m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static int count(Function<String, Optional<SettingsResolver.Found>> find, String key, int otherwise) {
        Optional<SettingsResolver.Found> found = find.apply(key);
        if (found.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(found.get().value().strip());
        } catch (NumberFormatException e) {
            throw SettingsResolver.bad(found.get(), "is not a whole number");
        }
    }

    /**
     * The config's message with its component names turned into keys, after the source of the first
     * key it names that some layer gave, else the sources of every key given (the defaults alone fit,
     * so some key was given).
     */
    private static SettingsException rejected(Function<String, Optional<SettingsResolver.Found>> find, String message) {
        String where = String.join(", ", COMPONENTS.keySet().stream()
                .flatMap(k -> find.apply(k).stream()).map(SettingsResolver.Found::where).toList());
        String text = message;
        int first = Integer.MAX_VALUE;
        for (Map.Entry<String, String> c : COMPONENTS.entrySet()) {
            Matcher m = Pattern.compile("\\b" + c.getValue() + "\\b").matcher(text);
            if (m.find()) {
                Optional<SettingsResolver.Found> found = find.apply(c.getKey());
                if (found.isPresent() && m.start() < first) {
                    first = m.start();
                    where = found.get().where();
                }
                text = m.replaceAll(c.getKey());
            }
        }
        return new SettingsException(where + ": " + text.replaceAll("PT([0-9.]+)S", "$1 s").replaceAll("PT([0-9]+)M", "$1 min")
                .replaceAll("PT([0-9]+)H", "$1 h") + ".");
    }

    private static Map<String, String> components() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("liveness-questionable-after", "questionableAfter");
        m.put("liveness-bad-after-failures", "badAfterFailures");
        m.put("liveness-evict-after-failures", "evictAloneAfterFailures");
        m.put("liveness-first-recheck", "firstRecheck");
        m.put("liveness-max-recheck", "maxRecheck");
        m.put("liveness-recheck-retries", "recheckRetries");
        m.put("liveness-min-attempt-timeout", "minAttemptTimeout");
        m.put("liveness-max-attempt-timeout", "maxAttemptTimeout");
        return Collections.unmodifiableMap(m);
    }
}
