package peerconnect.app.simulate;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them in the command line's output: {@code 10.03 s}, not {@code PT10.03S}. */
final class Durations {
    private Durations() {
    }

    /**
     * Seconds with two decimals under a minute ({@code 0.25 s}, {@code 10.03 s}), one decimal up to an
     * hour ({@code 754.2 s}), whole seconds beyond.
     */
    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        if (Math.abs(s) < 60) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (Math.abs(s) < 3600) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return String.format(Locale.ROOT, "%,d s", Math.round(s));
    }
}
