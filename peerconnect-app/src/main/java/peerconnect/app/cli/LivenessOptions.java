package peerconnect.app.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code run}'s flags for how the DHT judges its contacts (keys {@code liveness-*}); each overrides the
 * environment and the settings files, and is checked by {@code SettingsResolver} like any other value.
 */
final class LivenessOptions {
    @Option(names = "--liveness-questionable-after", paramLabel = "DURATION",
            description = "A contact not heard from for this long is questionable and pinged (default: 15m).")
    private String questionableAfter;

    @Option(names = "--liveness-bad-after-failures", paramLabel = "N",
            description = "Missed calls in a row that make a contact bad; after the first miss only rechecks"
                    + " count (default: 3).")
    private String badAfterFailures;

    @Option(names = "--liveness-evict-after-failures", paramLabel = "N",
            description = "Missed calls in a row after which a bad contact leaves even with no replacement"
                    + " waiting (default: 5).")
    private String evictAfterFailures;

    @Option(names = "--liveness-first-recheck", paramLabel = "DURATION",
            description = "Delay before a contact that missed a call is pinged again, doubling per miss (default: 1s).")
    private String firstRecheck;

    @Option(names = "--liveness-max-recheck", paramLabel = "DURATION",
            description = "Longest delay between two rechecks of a contact (default: 30s).")
    private String maxRecheck;

    @Option(names = "--liveness-recheck-retries", paramLabel = "N",
            description = "Further attempts of a recheck ping, more than an ordinary call's 1 (default: 3).")
    private String recheckRetries;

    @Option(names = "--liveness-min-attempt-timeout", paramLabel = "DURATION",
            description = "Shortest wait of one attempt of a call, however fast the contact answered before"
                    + " (default: 250ms; at most 1s).")
    private String minAttemptTimeout;

    @Option(names = "--liveness-max-attempt-timeout", paramLabel = "DURATION",
            description = {"Longest wait of one attempt, retries included (default: 3s; at least 1s).",
                    "Durations are a whole number with ms, s, m or h."})
    private String maxAttemptTimeout;

    /** Adds the flags given to {@code flags}, by key. */
    void putInto(Map<String, String> flags) {
        RunCommand.put(flags, "liveness-questionable-after", questionableAfter);
        RunCommand.put(flags, "liveness-bad-after-failures", badAfterFailures);
        RunCommand.put(flags, "liveness-evict-after-failures", evictAfterFailures);
        RunCommand.put(flags, "liveness-first-recheck", firstRecheck);
        RunCommand.put(flags, "liveness-max-recheck", maxRecheck);
        RunCommand.put(flags, "liveness-recheck-retries", recheckRetries);
        RunCommand.put(flags, "liveness-min-attempt-timeout", minAttemptTimeout);
        RunCommand.put(flags, "liveness-max-attempt-timeout", maxAttemptTimeout);
    }
}
