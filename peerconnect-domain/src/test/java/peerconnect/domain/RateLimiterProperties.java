package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RateLimiterProperties {
    private static final long SECOND = 1_000_000_000L;
    private static final int SOURCES = 8;

    /** Eight sources: source {@code i} lies in prefix {@code i % 4} (two IPv4 /24s, two IPv6 /64s). */
    private static NodeAddress source(int i) {
        return switch (i % 4) {
            case 0 -> NodeAddress.parse("10.0.0." + (1 + i) + ":4000");
            case 1 -> NodeAddress.parse("10.0.1." + (1 + i) + ":4000");
            case 2 -> NodeAddress.parse("[fd00:0:0:1::" + (1 + i) + "]:4000");
            default -> NodeAddress.parse("[fd00:0:0:2::" + (1 + i) + "]:4000");
        };
    }

    /**
     * Each event encodes a source and a time step: half the steps are 0 (a burst at one instant),
     * the rest 0.2 ms to 100 ms.
     */
    private static long step(int event) {
        int s = event / SOURCES;
        return s < 500 ? 0 : (s - 500) * 200_000L;
    }

    private record Admission(int source, long at) {
    }

    @Test
    void noSourcePrefixOrTheWholeEverGetsMoreThanRateTimesWindowPlusBurst() {
        qt().withFixedSeed(0x5EED1L).withExamples(200)
                .forAll(lists().of(integers().between(0, SOURCES * 1000 - 1)).ofSizeBetween(1, 300),
                        integers().between(1, 50), integers().between(1, 10), integers().between(1, 5))
                .checkAssert((events, rate, burst, factor) -> {
                    var address = new RateLimit(rate, burst);
                    var prefix = new RateLimit((long) rate * factor, (long) burst + factor);
                    var global = new RateLimit((long) rate * factor * 2, (long) burst * factor);
                    // Room for every source, so no bucket is forgotten and refilled by eviction.
                    var limiter = RateLimiter.create(new RateLimiterSettings(address, prefix, global, SOURCES, 4), 0);
                    List<Admission> admitted = new ArrayList<>();
                    long now = 0;
                    for (int event : events) {
                        now += step(event);
                        int source = event % SOURCES;
                        if (limiter.admit(source(source), now) == RateLimiter.Verdict.ADMITTED) {
                            admitted.add(new Admission(source, now));
                        }
                    }
                    checkWindows(admitted, Admission::source, address);
                    checkWindows(admitted, a -> "prefix " + a.source() % 4, prefix);
                    checkWindows(admitted, a -> "all", global);
                });
    }

    /** For every key and every window between two of its admissions, count <= rate * window + burst. */
    private static void checkWindows(List<Admission> admitted, Function<Admission, Object> key, RateLimit limit) {
        Map<Object, List<Long>> times = new HashMap<>();
        for (Admission a : admitted) {
            times.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a.at());
        }
        times.forEach((k, ts) -> {
            for (int i = 0; i < ts.size(); i++) {
                for (int j = i; j < ts.size(); j++) {
                    long count = j - i + 1;
                    long window = ts.get(j) - ts.get(i);
                    // count <= rate * window / 1e9 + burst, in integers
                    assertTrue((count - limit.burst()) * SECOND <= limit.perSecond() * window,
                            k + ": " + count + " admitted in " + window + " ns under " + limit);
                }
            }
        });
    }

    @Test
    void theTablesNeverExceedTheirBound() {
        qt().withFixedSeed(0x5EED2L).withExamples(200)
                .forAll(lists().of(integers().between(0, 99_999)).ofSizeBetween(1, 500),
                        integers().between(1, 20), integers().between(1, 10))
                .checkAssert((events, maxAddresses, maxPrefixes) -> {
                    var limit = new RateLimit(100, 10);
                    var limiter = RateLimiter.create(
                            new RateLimiterSettings(limit, limit, new RateLimit(1_000, 100), maxAddresses, maxPrefixes),
                            0);
                    long now = 0;
                    for (int event : events) {
                        now += event % 7 * 1_000_000L;
                        // Up to 100,000 sources over 400 prefixes.
                        var from = NodeAddress.of(new byte[] {10, (byte) (event % 400 / 256), (byte) (event % 400),
                                (byte) (event / 400)}, 1 + event % 3);
                        limiter.admit(from, now);
                        assertTrue(limiter.trackedAddresses() <= maxAddresses,
                                limiter.trackedAddresses() + " addresses tracked, bound " + maxAddresses);
                        assertTrue(limiter.trackedPrefixes() <= maxPrefixes,
                                limiter.trackedPrefixes() + " prefixes tracked, bound " + maxPrefixes);
                    }
                });
    }
}
