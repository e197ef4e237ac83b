package peerconnect.domain;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node records this node has verified, one per peer id, newest sequence only: a record is
 * checked once, when it is first offered, and every later offer of the same record (each contact,
 * peer-list entry or search answer that carries it) is answered by comparison, with no signature
 * check, so a steady-state lookup pays none per RPC.
 *
 * <p>{@link #offer} decides, cheapest first: the same record as the one held is {@link Known}; an
 * older sequence is {@link Refused} as {@link Reason#STALE}; the same sequence with other content is
 * {@link Reason#CONFLICTING} (an honest node never signs two records under one sequence, so it is a
 * forgery and not worth a check); a newer one, or a first one, goes to the shared
 * {@link SignatureChecker} (budget, then Ed25519) and replaces the one held only if it verifies.
 * Bounded: beyond {@code capacity} records the least recently offered is forgotten. Every decision
 * is counted ({@link #reportCounters}: {@code records.accepted}, {@code .known},
 * {@code .refused.<REASON>}). Thread-safe.
 */
public final class NodeRecordBook implements CounterSource {
    private final int capacity;
    private final SignatureChecker checker;
    private final Map<PeerId, NodeRecord> records; // guarded by this
    private final LongAdder accepted = new LongAdder();
    private final LongAdder known = new LongAdder();
    private final Map<Reason, LongAdder> refused = new EnumMap<>(Reason.class);

    /** Why an offered record was not taken. */
    public enum Reason {
        /** Its sequence is below the one held for that peer. */
        STALE,
        /** Its sequence is the one held, its content is not. */
        CONFLICTING,
        /** Its signature does not verify. */
        BAD_SIGNATURE,
        /** Not checked: the budget of signature checks is spent. */
        OVER_BUDGET
    }

    /** What {@link #offer} decided. */
    public sealed interface Verdict {
        /** The record to use for that peer now, if any. */
        Optional<NodeRecord> current();
    }

    /** The record was verified now and is the one held from now on. */
    public record Accepted(NodeRecord record) implements Verdict {
        @Override
        public Optional<NodeRecord> current() {
            return Optional.of(record);
        }
    }

    /** The record is the one already held: nothing was checked. */
    public record Known(NodeRecord record) implements Verdict {
        @Override
        public Optional<NodeRecord> current() {
            return Optional.of(record);
        }
    }

    /** The record was not taken; {@code held} is what the book holds for that peer, if anything. */
    public record Refused(Reason reason, Optional<NodeRecord> held) implements Verdict {
        @Override
        public Optional<NodeRecord> current() {
            return held;
        }
    }

    /**
     * @param capacity records held at most
     * @param checker  checks signatures under the node's budget (shared with its other checks)
     */
    public NodeRecordBook(int capacity, SignatureChecker checker) {
        SettingChecks.requireRange("capacity", capacity, 1, 10_000_000);
        this.capacity = capacity;
        this.checker = Objects.requireNonNull(checker, "checker");
        // Grows as records arrive; sized for the capacity up front it cost kilobytes per node of a
        // large simulation, where a node holds about a hundred.
        this.records = new LinkedHashMap<>(Math.min(capacity, 16), 0.75f, true);
        for (Reason r : Reason.values()) {
            refused.put(r, new LongAdder());
        }
    }

    /** Decides on {@code record}, received from {@code source}; see the class comment. Never throws for bad records. */
    public Verdict offer(NodeRecord record, NodeAddress source) {
        PeerId id = record.peerId();
        NodeRecord held;
        synchronized (this) {
            held = records.get(id);
        }
        if (held != null) {
            if (held.equals(record)) {
                known.increment();
                return new Known(held);
            }
            if (record.sequence() < held.sequence()) {
                return refuse(Reason.STALE, held);
            }
            if (record.sequence() == held.sequence()) {
                return refuse(Reason.CONFLICTING, held);
            }
        }
        long cacheKey = ByteBuffer.wrap(id.toBytes()).getLong() ^ record.sequence();
        switch (checker.check(cacheKey, source, record.publicKey(), record.signedBytes(), record.signature())) {
            case VALID -> { }
            case INVALID -> {
                return refuse(Reason.BAD_SIGNATURE, held);
            }
            case OVER_BUDGET -> {
                return refuse(Reason.OVER_BUDGET, held);
            }
        }
        synchronized (this) {
            NodeRecord now = records.get(id);
            // Another thread may have taken a newer one meanwhile: never go back to an older sequence.
            if (now != null && now.sequence() >= record.sequence()) {
                return now.equals(record) ? new Known(now) : refuse(Reason.STALE, now);
            }
            records.put(id, record);
            if (records.size() > capacity) {
                var eldest = records.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        accepted.increment();
        return new Accepted(record);
    }

    /** The verified record held for {@code id}, if any. */
    public synchronized Optional<NodeRecord> get(PeerId id) {
        return Optional.ofNullable(records.get(id));
    }

    /** Records held now (at most the capacity). */
    public synchronized int size() {
        return records.size();
    }

    /** Reports {@code records.accepted}, {@code records.known} and {@code records.refused.<REASON>} for every reason. */
    @Override
    public void reportCounters(CounterSink sink) {
        sink.counter("records.accepted", accepted.sum());
        sink.counter("records.known", known.sum());
        for (Reason r : Reason.values()) {
            sink.counter("records.refused." + r.name(), refused.get(r).sum());
        }
    }

    private Refused refuse(Reason reason, NodeRecord held) {
        refused.get(reason).increment();
        return new Refused(reason, Optional.ofNullable(held));
    }
}
