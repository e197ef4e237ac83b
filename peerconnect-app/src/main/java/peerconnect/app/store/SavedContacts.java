package peerconnect.app.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.NodeStateStore;

/**
 * The addresses of the peers this node knew when it last saved them (blob {@value #NAME}: one
 * {@code IP:PORT} per line): the last fallback of discovery after a restart. Kept apart from the
 * DHT's own state file, whose format is the Kademlia adapter's.
 */
public final class SavedContacts {
    public static final String NAME = "contacts";
    /** At most this many are kept: a routing table of a LAN rarely holds more, and the file stays small. */
    static final int MAX = 256;
    private static final Logger LOG = LoggerFactory.getLogger(SavedContacts.class);

    private SavedContacts() {
    }

    /** The saved addresses; unreadable lines are skipped, an unreadable blob is reported and gives none. */
    public static List<NodeAddress> load(NodeStateStore store) {
        Optional<byte[]> blob;
        try {
            blob = store.read(NAME);
        } catch (RuntimeException e) {
            LOG.warn("saved contacts cannot be read: {}", e.getMessage());
            return List.of();
        }
        if (blob.isEmpty()) {
            return List.of();
        }
        Set<NodeAddress> addresses = new LinkedHashSet<>();
        int skipped = 0;
        for (String line : new String(blob.get(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || addresses.size() >= MAX) {
                continue;
            }
            try {
                addresses.add(NodeAddress.parse(line.strip()));
            } catch (IllegalArgumentException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.warn("{} unreadable lines in the saved contacts were skipped", skipped);
        }
        return List.copyOf(addresses);
    }

    /** Replaces the saved addresses (atomically, through the store); a failure is logged, not thrown. */
    public static void save(NodeStateStore store, Collection<NodeAddress> addresses) {
        List<NodeAddress> kept = new ArrayList<>(new LinkedHashSet<>(addresses));
        StringBuilder text = new StringBuilder();
        for (NodeAddress a : kept.subList(0, Math.min(MAX, kept.size()))) {
            text.append(a).append('\n');
        }
        try {
            store.write(NAME, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("contacts could not be saved: {}", e.getMessage());
        }
    }
}
