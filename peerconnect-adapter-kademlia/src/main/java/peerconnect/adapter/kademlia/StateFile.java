package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.NodeStateStore;

/**
 * The node's saved state in its {@link NodeStateStore}: what a {@link Snapshot} holds, written on
 * stop and periodically, read once at start. A file that cannot be used (torn, corrupt, another
 * node's) is counted, set aside for a person to look at, and the node starts empty. The store writes
 * atomically, so a crash mid-write never loses the previous state.
 */
final class StateFile {
    /** The name of the state in the store. */
    static final String NAME = "kademlia-state";
    // The snapshot's contact count is two bytes.
    private static final int MAX_CONTACTS = 0xffff;
    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

    private final NodeState state;
    private final NodeStateStore store;

    StateFile(NodeState state, NodeStateStore store) {
        this.state = state;
        this.store = store;
    }

    /** Encodes the state under the lock and writes it outside it; a failed write is logged, not thrown. */
    void save() {
        byte[] bytes;
        synchronized (state.lock) {
            bytes = snapshotLocked().encode();
        }
        try {
            store.write(NAME, bytes);
            LOG.debug("node={} saved state, {} bytes", state.self.contact(), bytes.length);
        } catch (RuntimeException e) {
            LOG.warn("node={} could not save its state: {}", state.self.contact(), e.getMessage());
        }
    }

    /**
     * Reads the saved state, puts its live values and published values back, and returns it; the
     * contacts are the caller's to ping (the file may be old).
     *
     * @return empty if there is none or it cannot be used
     */
    Optional<Snapshot> load() {
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
        Snapshot s;
        try {
            s = Snapshot.decode(bytes.get(), state.config.maxValueBytes());
            if (!s.self().equals(state.selfId)) {
                throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "state of node " + s.self().shortHex());
            }
        } catch (MalformedBodyException e) {
            // Whatever the structural fault, it is a state file that cannot be used.
            state.counters.reject(RejectReason.CORRUPT_STATE);
            LOG.warn("node={} saved state is unusable ({}); set aside as {}, starting empty", state.self.contact(),
                    e.getMessage(), setAside());
            return Optional.empty();
        }
        synchronized (state.lock) {
            long now = state.now();
            for (Snapshot.StoredValue v : s.values()) {
                if (v.expiresAtMillis() > now) {
                    state.values.putOwn(v.key(), v.value(), v.expiresAtMillis(), now);
                }
            }
            for (Snapshot.PublishedValue v : s.published()) {
                state.published.put(v.key(), v.value());
            }
        }
        LOG.debug("node={} loaded state: {} contacts to ping, {} values, {} published", state.self.contact(),
                s.contacts().size(), s.values().size(), s.published().size());
        return Optional.of(s);
    }

    private String setAside() {
        try {
            return store.setAside(NAME).orElse("(gone)");
        } catch (RuntimeException moveFailed) {
            return "(could not be moved: " + moveFailed.getMessage() + ")";
        }
    }

    private Snapshot snapshotLocked() {
        long now = state.now();
        List<Snapshot.StoredValue> stored = new ArrayList<>();
        for (Map.Entry<PeerId, ValueStore.Stored> e : state.values.entries(now)) {
            stored.add(new Snapshot.StoredValue(e.getKey(), e.getValue().expiresAtMillis(), e.getValue().value()));
        }
        List<Snapshot.PublishedValue> published = new ArrayList<>();
        state.published.forEach((k, v) -> published.add(new Snapshot.PublishedValue(k, v)));
        List<PeerContact> contacts = state.table.contacts();
        if (contacts.size() > MAX_CONTACTS) {
            contacts = contacts.subList(0, MAX_CONTACTS);
        }
        return new Snapshot(state.selfId, contacts, stored, published);
    }
}
