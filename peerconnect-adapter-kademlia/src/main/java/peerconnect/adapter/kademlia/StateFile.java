package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.NodeStateStore;

/**
 * The node's saved state in its {@link NodeStateStore}: a {@link Snapshot}, written on stop, at
 * start and periodically, and the {@link Journal}'s logs of every change to the values since, read
 * once at start. A snapshot that cannot be used (torn, corrupt, another node's) is counted, set aside
 * for a person to look at, and the node starts from the logs alone; a log's torn tail (the write a
 * kill interrupted, never acknowledged) is ignored. The store writes snapshots atomically, so a
 * crash mid-write never loses the previous one.
 */
final class StateFile {
    /** The name of the snapshot in the store. */
    static final String NAME = "kademlia-state";
    // The snapshot's contact count is two bytes.
    private static final int MAX_CONTACTS = 0xffff;
    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

    private final NodeState state;
    private final NodeStateStore store;
    // One save at a time: a save opens the next log, and two at once would empty a needed one.
    private final Object saving = new Object();

    StateFile(NodeState state, NodeStateStore store) {
        this.state = state;
        this.store = store;
    }

    /**
     * Opens the next log, then encodes the state under the lock (switching appends to that log) and
     * writes it outside it; a failed write is logged, not thrown, and the next save tries again
     * without emptying the log that the snapshot on disk still needs.
     */
    void save() {
        synchronized (saving) {
            long next;
            synchronized (state.lock) {
                next = state.journal.mayRotate() ? state.journal.generation() + 1 : state.journal.generation();
            }
            try {
                if (next != state.journal.generation()) {
                    state.journal.open(next);
                }
            } catch (RuntimeException e) {
                LOG.warn("node={} could not open its next log: {}", state.self.contact(), e.getMessage());
                return;
            }
            byte[] bytes;
            synchronized (state.lock) {
                state.journal.switchTo(next);
                bytes = snapshotLocked(next).encode();
            }
            try {
                store.write(NAME, bytes);
                synchronized (state.lock) {
                    state.journal.snapshotWritten(next);
                }
                LOG.debug("node={} saved state, {} bytes, log generation {}", state.self.contact(), bytes.length, next);
            } catch (RuntimeException e) {
                LOG.warn("node={} could not save its state: {}", state.self.contact(), e.getMessage());
            }
        }
    }

    /**
     * Reads the saved state and the logs after it, puts the live values and published values back,
     * and returns the snapshot; the contacts are the caller's to ping (the file may be old). Call
     * {@link #save} next, before any change: it opens the log the node appends to.
     *
     * @return the snapshot, empty if there is none or it cannot be used (the logs are replayed still)
     */
    Optional<Snapshot> load() {
        Optional<Snapshot> snapshot = readSnapshot();
        long onDisk = snapshot.map(Snapshot::generation).orElse(0L);
        List<ValueLog.Replay> logs = new ArrayList<>();
        for (int parity = 0; parity < 2; parity++) {
            readLog(Journal.logName(parity)).filter(r -> r.generation().orElseThrow() >= onDisk).ifPresent(logs::add);
        }
        logs.sort(Comparator.comparing(r -> r.generation().orElseThrow()));
        int replayed = 0;
        long current = onDisk;
        synchronized (state.lock) {
            long now = state.now();
            snapshot.ifPresent(s -> {
                for (Snapshot.StoredValue v : s.values()) {
                    state.values.restore(v.key(), v.value(), v.expiresAtMillis(), now, v.source());
                }
                for (Snapshot.PublishedValue v : s.published()) {
                    if (v.untilMillis() > now) {
                        state.published.put(v.key(), new NodeState.Publication(v.value(), v.untilMillis()));
                    }
                }
            });
            for (ValueLog.Replay log : logs) {
                current = Math.max(current, log.generation().orElseThrow());
                for (ValueLog.Entry e : log.entries()) {
                    apply(e, now);
                    replayed++;
                }
            }
            // With neither a snapshot nor a log there is nothing to keep: the first save opens a log.
            // With logs but no snapshot, the first save writes one before any log may be emptied.
            state.journal.resume(current, snapshot.isPresent() || logs.isEmpty() ? onDisk : -1);
        }
        LOG.debug("node={} loaded state: {} contacts to ping, {} values, {} published, {} log entries replayed",
                state.self.contact(), snapshot.map(s -> s.contacts().size()).orElse(0), state.levels().storedValues(),
                state.published.size(), replayed);
        return snapshot;
    }

    private void apply(ValueLog.Entry entry, long now) {
        switch (entry) {
            case ValueLog.Header h -> { }
            case ValueLog.Held h -> state.values.restore(h.key(), h.value(), h.expiresAtMillis(), now, h.source());
            case ValueLog.Dropped d -> state.values.remove(d.key());
            case ValueLog.Published p -> {
                if (p.untilMillis() > now) {
                    state.published.put(p.key(), new NodeState.Publication(p.value(), p.untilMillis()));
                } else {
                    state.published.remove(p.key());
                }
            }
            case ValueLog.Unpublished u -> state.published.remove(u.key());
        }
    }

    private Optional<Snapshot> readSnapshot() {
        Optional<byte[]> bytes;
        try {
            bytes = store.read(NAME);
        } catch (RuntimeException e) {
            LOG.warn("node={} could not read its saved state ({}); starting empty", state.self.contact(),
                    e.getMessage());
            return Optional.empty();
        }
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            Snapshot s = Snapshot.decode(bytes.get(), state.config.maxValueBytes());
            if (!s.self().equals(state.selfId)) {
                throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "state of node " + s.self().shortHex());
            }
            return Optional.of(s);
        } catch (MalformedBodyException e) {
            // Whatever the structural fault, it is a state file that cannot be used.
            state.counters.reject(RejectReason.CORRUPT_STATE);
            LOG.warn("node={} saved state is unusable ({}); set aside as {}, starting from its logs",
                    state.self.contact(), e.getMessage(), setAside(NAME));
            return Optional.empty();
        }
    }

    private Optional<ValueLog.Replay> readLog(String name) {
        Optional<byte[]> bytes;
        try {
            bytes = store.read(name);
        } catch (RuntimeException e) {
            LOG.warn("node={} could not read its log {} ({}); ignoring it", state.self.contact(), name,
                    e.getMessage());
            return Optional.empty();
        }
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        ValueLog.Replay r = ValueLog.replay(bytes.get(), state.config.maxValueBytes());
        if (r.generation().isEmpty()) {
            state.counters.reject(RejectReason.CORRUPT_STATE);
            LOG.warn("node={} log {} has no usable header; set aside as {}", state.self.contact(), name,
                    setAside(name));
            return Optional.empty();
        }
        if (r.tornBytes() > 0) {
            LOG.info("node={} log {} ends in {} bytes of an interrupted write, ignored", state.self.contact(), name,
                    r.tornBytes());
        }
        return Optional.of(r);
    }

    private String setAside(String name) {
        try {
            return store.setAside(name).orElse("(gone)");
        } catch (RuntimeException moveFailed) {
            return "(could not be moved: " + moveFailed.getMessage() + ")";
        }
    }

    private Snapshot snapshotLocked(long generation) {
        long now = state.now();
        List<Snapshot.StoredValue> stored = new ArrayList<>();
        for (Map.Entry<PeerId, ValueStore.Stored> e : state.values.entries(now)) {
            ValueStore.Stored v = e.getValue();
            stored.add(new Snapshot.StoredValue(e.getKey(), v.expiresAtMillis(), v.source(), v.value()));
        }
        List<Snapshot.PublishedValue> published = new ArrayList<>();
        state.published.forEach((k, v) -> published.add(new Snapshot.PublishedValue(k, v.untilMillis(), v.value())));
        List<PeerContact> contacts = state.table.contacts();
        if (contacts.size() > MAX_CONTACTS) {
            contacts = contacts.subList(0, MAX_CONTACTS);
        }
        return new Snapshot(state.selfId, generation, contacts, stored, published);
    }
}
