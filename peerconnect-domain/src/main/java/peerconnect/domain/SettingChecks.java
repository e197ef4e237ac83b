package peerconnect.domain;

import java.time.Duration;
import java.util.Objects;

/** The checks settings records share, so every module words a bad value the same way. */
public final class SettingChecks {
    private SettingChecks() {
    }

    /** @throws IllegalArgumentException naming {@code name} if {@code value} is outside {@code min..max} */
    public static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
    }

    /** @throws IllegalArgumentException naming {@code name} if {@code duration} is zero or negative */
    public static void requirePositive(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
