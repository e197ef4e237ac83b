package peerconnect.app.store;

import java.util.Optional;
import peerconnect.ports.NodeStateStore;

/** The disk of a simulated node: holds nothing, so every node starts empty and saves cost no I/O. */
public final class DiscardingStateStore implements NodeStateStore {
    @Override
    public Optional<byte[]> read(String name) {
        return Optional.empty();
    }

    @Override
    public void write(String name, byte[] contents) {
    }

    @Override
    public void append(String name, byte[] record) {
    }

    @Override
    public void sync(String name) {
    }

    @Override
    public Optional<String> setAside(String name) {
        return Optional.empty();
    }
}
