package peerconnect.adapter.kademlia;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.ports.NodeStateStore;

/**
 * Where a node appends each change to its values as it happens ({@link ValueLog}), between two
 * snapshots. Two logs alternate, {@code kademlia-log-0} and {@code kademlia-log-1}, the current one
 * named by the parity of its generation: a save opens the next generation's log (emptying the older
 * one, which the snapshot on disk already covers), switches appends to it, then writes a snapshot
 * of that generation. Whatever the moment of a crash, the snapshot on disk plus the logs of its
 * generation and later hold every change appended.
 *
 * <p>{@link #append} runs under the node's lock, so the log's order is the order of the changes;
 * it costs one {@code write(2)} to the operating system (no sync), which a killed process cannot
 * lose. A failed append is counted and logged, and the change stays in memory (it is in the next
 * snapshot): the node keeps serving rather than refusing every store on a full disk.
 */
final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final NodeStateStore store;
    private final KademliaCounters counters;
    // Written under the node's lock; volatile so that sync() may read it outside.
    private volatile long generation;
    // The generation of the snapshot on disk; guarded by the node's lock.
    private long durable;

    Journal(NodeStateStore store, KademliaCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    /** The store's name of the log of {@code generation}. */
    static String logName(long generation) {
        return "kademlia-log-" + Math.floorMod(generation, 2);
    }

    /** The current log's generation. Under the lock. */
    long generation() {
        return generation;
    }

    /** After loading: appends go on in {@code current}, whose log exists; {@code onDisk} is the snapshot's. Under the lock. */
    void resume(long current, long onDisk) {
        generation = current;
        durable = onDisk;
    }

    /** Appends one change to the current log. Under the lock. */
    void append(ValueLog.Entry entry) {
        try {
            store.append(logName(generation), ValueLog.frame(entry));
        } catch (RuntimeException e) {
            counters.journalFailures.increment();
            LOG.warn("could not append to {}: {}", logName(generation), e.getMessage());
        }
    }

    /** Forces the current log to disk (blocking; outside the lock). */
    void sync() {
        String name = logName(generation);
        try {
            store.sync(name);
        } catch (RuntimeException e) {
            counters.journalFailures.increment();
            LOG.warn("could not sync {}: {}", name, e.getMessage());
        }
    }

    /**
     * Whether the next save may open a new log: only once the snapshot on disk is of the current
     * generation, or the log it would empty is still needed. Under the lock.
     */
    boolean mayRotate() {
        return durable == generation;
    }

    /** Opens the log of the next generation, empty but for its header (blocking; outside the lock). */
    void open(long next) {
        store.write(logName(next), ValueLog.frame(new ValueLog.Header(next)));
    }

    /** Appends go to {@code next} from now on. Under the lock. */
    void switchTo(long next) {
        generation = next;
    }

    /** The snapshot of {@code savedGeneration} is on disk. Under the lock. */
    void snapshotWritten(long savedGeneration) {
        durable = savedGeneration;
    }
}
