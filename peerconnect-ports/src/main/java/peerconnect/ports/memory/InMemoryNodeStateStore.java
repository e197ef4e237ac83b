package peerconnect.ports.memory;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import peerconnect.ports.NodeStateStore;

/**
 * A {@link NodeStateStore} in a map, for tests and simulations: writes are trivially atomic, and
 * set-aside blobs stay readable through {@link #setAsideContents} so a test can check what was kept.
 * Thread-safe.
 */
public final class InMemoryNodeStateStore implements NodeStateStore {
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> setAside = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> read(String name) {
        byte[] b = blobs.get(name);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    @Override
    public void write(String name, byte[] contents) {
        blobs.put(name, contents.clone());
    }

    @Override
    public void append(String name, byte[] record) {
        blobs.merge(name, record.clone(), (old, add) -> {
            byte[] joined = Arrays.copyOf(old, old.length + add.length);
            System.arraycopy(add, 0, joined, old.length, add.length);
            return joined;
        });
    }

    @Override
    public void sync(String name) {
        // Nothing to force: the map is the whole store.
    }

    @Override
    public Optional<String> setAside(String name) {
        byte[] b = blobs.remove(name);
        if (b == null) {
            return Optional.empty();
        }
        String where = name + ".corrupt-" + setAside.size();
        setAside.put(where, b);
        return Optional.of(where);
    }

    /** A blob moved away by {@link #setAside}, under the name it returned. */
    public Optional<byte[]> setAsideContents(String where) {
        byte[] b = setAside.get(where);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }
}
