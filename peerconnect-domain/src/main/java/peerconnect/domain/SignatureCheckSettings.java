package peerconnect.domain;

import java.util.Objects;

/**
 * How many signatures a {@link SignatureChecker} may check, and how many verdicts it remembers.
 *
 * @param budget        checks a second (and in a burst) over all sources; an eighth of it per source
 *                      address. {@link RateLimit#unlimited()} for no budget (tests, simulations)
 * @param cacheCapacity verdicts remembered, least recently used forgotten first
 */
public record SignatureCheckSettings(RateLimit budget, int cacheCapacity) {
    public SignatureCheckSettings {
        Objects.requireNonNull(budget, "budget");
        SettingChecks.requireRange("cacheCapacity", cacheCapacity, 1, 10_000_000);
    }

    /**
     * Defaults for a LAN node:
     * <ul>
     *   <li>budget 400 a second, bursts of 800: an Ed25519 check costs about 0.4 ms here
     *       (docs/BENCHMARKS.md, "Signed discovery"), so the budget is at most 16 % of one core; an
     *       honest node checks each new rumor and each new node record once, a few a second on a busy
     *       LAN. One source address gets an eighth (50 a second, bursts of 100).</li>
     *   <li>cacheCapacity 8,192: far more rumors and records than a LAN keeps alive at once; an entry
     *       is about 100 bytes, so under a megabyte.</li>
     * </ul>
     */
    public static SignatureCheckSettings defaults() {
        return new SignatureCheckSettings(new RateLimit(400, 800), 8_192);
    }
}
