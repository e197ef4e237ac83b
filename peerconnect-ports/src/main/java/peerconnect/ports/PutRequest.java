package peerconnect.ports;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import peerconnect.domain.PeerId;

/**
 * A value to publish in the DHT: under which key, and for how long its publisher keeps it alive.
 * This record holds the one lifetime (TTL) rule for every way of putting (console, library, tests):
 * whole seconds from {@link #MIN_LIFETIME} to {@link #MAX_LIFETIME}, or {@link #UNTIL_DELETED};
 * {@link #parseLifetime} reads it as people type it.
 *
 * @param key      where the value lives (a point in the id space)
 * @param value    the bytes (the DHT bounds their size)
 * @param lifetime how long the value is republished and held; {@link #UNTIL_DELETED} (the default)
 *                 keeps it while its publisher runs, until {@link DistributedHashTable#delete};
 *                 one that breaks the rule above makes the constructor throw
 *                 {@link InvalidLifetimeException}
 */
public record PutRequest(PeerId key, byte[] value, Duration lifetime) {
    /** The lifetime of a value republished until its publisher deletes it or stops for good. */
    public static final Duration UNTIL_DELETED = Duration.ofSeconds(Long.MAX_VALUE);
    /** The shortest lifetime: a STORE carries its TTL in whole seconds, and 0 means "delete". */
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(1);
    /**
     * The longest lifetime short of {@link #UNTIL_DELETED}: a year, beyond which a deadline says
     * nothing that "until deleted" does not (and a typo such as {@code 1000000d} is caught).
     */
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);

    private static final Pattern TYPED = Pattern.compile("([0-9]{1,9})([smhd])");

    public PutRequest {
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNull(value, "value").clone();
        checkLifetime(lifetime);
    }

    /** A value kept until deleted. */
    public static PutRequest of(PeerId key, byte[] value) {
        return new PutRequest(key, value, UNTIL_DELETED);
    }

    /**
     * Checks {@code lifetime} against the rule.
     *
     * @return {@code lifetime}
     * @throws InvalidLifetimeException with a sentence that says what is allowed
     */
    public static Duration checkLifetime(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.equals(UNTIL_DELETED)) {
            return lifetime;
        }
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0 || lifetime.getNano() != 0) {
            throw new InvalidLifetimeException("a lifetime is whole seconds from 1s to 365d (or forever), got "
                    + lifetime.toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return lifetime;
    }

    /**
     * Reads a lifetime as typed: a number and a unit, {@code s}, {@code m}, {@code h} or {@code d}
     * ({@code 90s}, {@code 10m}, {@code 2h}, {@code 7d}), or {@code forever} for {@link #UNTIL_DELETED}.
     *
     * @throws InvalidLifetimeException if the text is not one of those or breaks the rule
     */
    public static Duration parseLifetime(String text) {
        String t = Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
        if (t.equals("forever")) {
            return UNTIL_DELETED;
        }
        Matcher m = TYPED.matcher(t);
        if (!m.matches()) {
            throw new InvalidLifetimeException("'" + text + "' is not a lifetime: expected a number and s, m, h or d"
                    + " (90s, 10m, 2h, 7d) or forever");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return checkLifetime(d);
    }

    /** Whether the value is kept until deleted. */
    public boolean untilDeleted() {
        return lifetime.equals(UNTIL_DELETED);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
