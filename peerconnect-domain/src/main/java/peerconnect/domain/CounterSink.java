package peerconnect.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes the counters that a {@link CounterSource} reports, one call per counter, each under its full
 * dotted name ({@code kademlia.lookups}, {@code gossip.rejected.BAD_TEXT}). Whoever shows counters
 * (status, JMX, metrics) implements this once instead of copying a stats record key by key.
 *
 * <p>Metrics formats also take {@link #histogram histograms}; the others ignore them.
 */
public interface CounterSink {
    /** A count that only grows while the node runs (datagrams received, lookups started). */
    void counter(String name, long value);

    /**
     * A level that goes up and down (routing-table size, queue length). The default records it as
     * {@link #counter}; a sink that tells the two apart (a metrics format) overrides it.
     */
    default void gauge(String name, long value) {
        counter(name, value);
    }

    /**
     * A distribution of durations (round-trip times, lookup times). The default ignores it: a flat
     * list of numbers ({@code status}, JMX) has no place for one; a metrics format overrides it.
     */
    default void histogram(String name, HistogramSnapshot histogram) {
        // A sink of plain numbers shows no histograms.
    }

    /**
     * Every counter of {@code sources}, in their order and each source's own, as one map (later
     * sources win on a repeated name, which a source should not make).
     */
    static Map<String, Long> collect(List<? extends CounterSource> sources) {
        Map<String, Long> counters = new LinkedHashMap<>();
        CounterSink sink = counters::put;
        for (CounterSource source : sources) {
            Objects.requireNonNull(source, "source").reportCounters(sink);
        }
        return counters;
    }
}
