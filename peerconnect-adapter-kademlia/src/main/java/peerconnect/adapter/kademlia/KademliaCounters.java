package peerconnect.adapter.kademlia;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.CounterSink;

/**
 * The counters of one node, each declared once here and bumped by the part that sees the event
 * (protocol, contact keeper, façade, state file). Thread-safe; reading never blocks.
 */
final class KademliaCounters {
    /** The prefix of every name this node reports. */
    static final String PREFIX = "kademlia.";

    final LongAdder rpcAttempts = new LongAdder();
    final LongAdder rpcFailures = new LongAdder();
    final LongAdder requestsHandled = new LongAdder();
    final LongAdder lookups = new LongAdder();
    final LongAdder evictions = new LongAdder();
    /** Calls a contact of the table did not answer (after retries): each one strike of its liveness. */
    final LongAdder missedCalls = new LongAdder();
    /** Pings of contacts that missed a call, to tell a lost datagram from a dead peer. */
    final LongAdder rechecks = new LongAdder();
    /** Contacts that moved to a new address after they answered there and fell silent at the old one. */
    final LongAdder addressChanges = new LongAdder();
    final LongAdder storesRefused = new LongAdder();
    final LongAdder admissionsSkipped = new LongAdder();
    /** Changes to the values that could not be appended to the journal (they are in the next snapshot). */
    final LongAdder journalFailures = new LongAdder();
    private final LongAdder[] rejected = new LongAdder[RejectReason.values().length];
    // Requests sent by operation, retries included: what a join or a lookup costs, by type.
    private final LongAdder[] attemptsByOp = new LongAdder[KademliaOp.values().length];

    KademliaCounters() {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
        }
        for (int i = 0; i < attemptsByOp.length; i++) {
            attemptsByOp[i] = new LongAdder();
        }
    }

    /** One request of {@code op} is sent (a first try or a retry). */
    void attempt(KademliaOp op) {
        rpcAttempts.increment();
        attemptsByOp[op.ordinal()].increment();
    }

    void reject(RejectReason reason) {
        rejected[reason.ordinal()].increment();
    }

    /** Refusals by reason, only the reasons seen. */
    Map<RejectReason, Long> rejected() {
        Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            long n = rejected[r.ordinal()].sum();
            if (n != 0) {
                m.put(r, n);
            }
        }
        return m;
    }

    /** The sizes of what the node holds, read under its lock: reported as gauges. */
    record Levels(int routingTableSize, int storedValues, int peerListEntries) {
    }

    /**
     * Reports every counter under {@link #PREFIX}, the levels as gauges, and a refusal count for every
     * {@link RejectReason} (zeros included, so the names never come and go).
     */
    void report(Levels levels, CounterSink sink) {
        sink.gauge(PREFIX + "routingTableSize", levels.routingTableSize());
        sink.gauge(PREFIX + "storedValues", levels.storedValues());
        sink.gauge(PREFIX + "peerListEntries", levels.peerListEntries());
        sink.counter(PREFIX + "requestsHandled", requestsHandled.sum());
        sink.counter(PREFIX + "rpcAttempts", rpcAttempts.sum());
        for (KademliaOp op : KademliaOp.values()) {
            sink.counter(PREFIX + "rpcAttempts." + op.name(), attemptsByOp[op.ordinal()].sum());
        }
        sink.counter(PREFIX + "rpcFailures", rpcFailures.sum());
        sink.counter(PREFIX + "lookups", lookups.sum());
        sink.counter(PREFIX + "evictions", evictions.sum());
        sink.counter(PREFIX + "missedCalls", missedCalls.sum());
        sink.counter(PREFIX + "rechecks", rechecks.sum());
        sink.counter(PREFIX + "addressChanges", addressChanges.sum());
        long[] byReason = new long[rejected.length];
        long total = 0;
        for (int i = 0; i < rejected.length; i++) {
            byReason[i] = rejected[i].sum();
            total += byReason[i];
        }
        sink.counter(PREFIX + "rejected", total);
        for (RejectReason r : RejectReason.values()) {
            sink.counter(PREFIX + "rejected." + r.name(), byReason[r.ordinal()]);
        }
        sink.counter(PREFIX + "storesRefused", storesRefused.sum());
        sink.counter(PREFIX + "admissionsSkipped", admissionsSkipped.sum());
        sink.counter(PREFIX + "journalFailures", journalFailures.sum());
    }

    /** The counters as the {@link KademliaStats} snapshot. */
    KademliaStats stats(Levels levels) {
        return new KademliaStats(levels.routingTableSize(), levels.storedValues(), levels.peerListEntries(),
                requestsHandled.sum(), rpcAttempts.sum(), rpcFailures.sum(), lookups.sum(), evictions.sum(),
                rejected(), storesRefused.sum(), admissionsSkipped.sum());
    }
}
