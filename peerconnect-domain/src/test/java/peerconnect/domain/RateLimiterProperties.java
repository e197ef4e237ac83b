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
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import peerconnect.testkit.core.Stateful;

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

    /** Source {@code source} sends after a pause of {@code pauseNanos}. */
    private record Arrival(int source, long pauseNanos) {
        /** The same arrival with no pause, for a shorter failure report. */
        List<Arrival> simpler() {
            return pauseNanos == 0 ? List.of() : List.of(new Arrival(source, 0));
        }
    }

    /** Half the pauses are 0 (a burst at one instant), the rest 0.2 ms to 100 ms; shrinks towards a burst. */
    private static Gen<Arrival> arrivals() {
        Gen<Long> pause = Generate.frequency(Pair.of(1, Generate.constant(0L)),
                Pair.of(1, integers().between(1, 500).map(steps -> steps * 200_000L)));
        return integers().between(0, SOURCES - 1).zip(pause, Arrival::new);
    }

    private record Admission(int source, long at) {
    }

    @Test
    void noSourcePrefixOrTheWholeEverGetsMoreThanRateTimesWindowPlusBurst() {
        // Stateful.check reports the shortest failing list (QuickTheories' own shrinking only cuts the tail).
        qt().withFixedSeed(0x5EED1L).withExamples(200).withShrinkCycles(0)
                .forAll(lists().of(arrivals()).ofSizeBetween(1, 300),
                        integers().between(1, 50), integers().between(1, 10), integers().between(1, 5))
                .checkAssert((generated, rate, burst, factor) -> Stateful.check(generated, Arrival::simpler, arrivals -> {
                    var address = new RateLimit(rate, burst);
                    var prefix = new RateLimit((long) rate * factor, (long) burst + factor);
                    var global = new RateLimit((long) rate * factor * 2, (long) burst * factor);
                    // Room for every source, so no bucket is forgotten and refilled by eviction.
                    var limiter = RateLimiter.create(new RateLimiterSettings(address, prefix, global, SOURCES, 4), 0);
                    List<Admission> admitted = new ArrayList<>();
                    long now = 0;
                    for (Arrival arrival : arrivals) {
                        now += arrival.pauseNanos();
                        if (limiter.admit(source(arrival.source()), now) == RateLimiter.Verdict.ADMITTED) {
                            admitted.add(new Admission(arrival.source(), now));
                        }
                    }
                    checkWindows(admitted, Admission::source, address);
                    checkWindows(admitted, a -> "prefix " + a.source() % 4, prefix);
                    checkWindows(admitted, a -> "all", global);
                }));
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

    /** A datagram from {@code 10.x.prefix.host:port} (400 prefixes, up to 100,000 sources) after a pause. */
    private record Source(int prefix, int host, int port, int pauseMillis) {
        NodeAddress address() {
            return NodeAddress.of(new byte[] {10, (byte) (prefix / 256), (byte) prefix, (byte) host}, port);
        }
    }

    @Test
    void theTablesNeverExceedTheirBound() {
        Gen<Source> sources = integers().between(0, 399).zip(integers().between(0, 249), integers().between(1, 3),
                integers().between(0, 6), Source::new);
        qt().withFixedSeed(0x5EED2L).withExamples(200).withShrinkCycles(0)
                .forAll(lists().of(sources).ofSizeBetween(1, 500),
                        integers().between(1, 20), integers().between(1, 10))
                .checkAssert((generated, maxAddresses, maxPrefixes) -> Stateful.check(generated, events -> {
                    var limit = new RateLimit(100, 10);
                    var limiter = RateLimiter.create(
                            new RateLimiterSettings(limit, limit, new RateLimit(1_000, 100), maxAddresses, maxPrefixes),
                            0);
                    long now = 0;
                    for (Source event : events) {
                        now += event.pauseMillis() * 1_000_000L;
                        limiter.admit(event.address(), now);
                        assertTrue(limiter.trackedAddresses() <= maxAddresses,
                                limiter.trackedAddresses() + " addresses tracked, bound " + maxAddresses);
                        assertTrue(limiter.trackedPrefixes() <= maxPrefixes,
                                limiter.trackedPrefixes() + " prefixes tracked, bound " + maxPrefixes);
                    }
                }));
    }
}
