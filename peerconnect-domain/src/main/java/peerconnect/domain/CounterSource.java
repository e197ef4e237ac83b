package peerconnect.domain;

/**
 * A part of the node that keeps counters (the dispatcher, a transport, a protocol engine). It
 * reports each of them to a {@link CounterSink}, under names that start with its own prefix and
 * that do not come and go (a zero is reported as zero), so {@code status --json} keeps its keys.
 * Reporting reads live counters; it must be safe from any thread and must not block.
 */
@FunctionalInterface
public interface CounterSource {
    /** Reports every counter of this source to {@code sink}, once each. */
    void reportCounters(CounterSink sink);
}
