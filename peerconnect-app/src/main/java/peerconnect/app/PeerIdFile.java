package peerconnect.app;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.PeerId;
import peerconnect.ports.NodeStateStore;

/**
 * The node's peer id, kept in the data directory (blob {@value #NAME}: 40 hex digits) so a restarted
 * node is the same peer and its saved routing table still applies. A corrupt id is reported, set
 * aside for a person to inspect, and replaced by a new random one.
 */
final class PeerIdFile {
    static final String NAME = "peer-id";
    private static final Logger LOG = LoggerFactory.getLogger(PeerIdFile.class);

    private PeerIdFile() {
    }

    /** The saved id, or a new random one (saved at once). */
    static PeerId loadOrCreate(NodeStateStore store, RandomGenerator random) {
        Optional<byte[]> saved = store.read(NAME);
        if (saved.isPresent()) {
            String text = new String(saved.get(), StandardCharsets.US_ASCII).strip();
            try {
                PeerId id = PeerId.fromHex(text);
                LOG.debug("peer id {} read from the data directory", id.shortHex());
                return id;
            } catch (IllegalArgumentException e) {
                String where = store.setAside(NAME).orElse("(gone)");
                LOG.warn("the saved peer id is not 40 hex digits ({}); set aside as {}, a new id is made",
                        e.getMessage(), where);
            }
        }
        // Random, never derived from host name, MAC or IP (privacy: DESIGN.md).
        PeerId id = PeerId.random(random);
        store.write(NAME, (id.toHex() + "\n").getBytes(StandardCharsets.US_ASCII));
        LOG.info("new peer id {} saved", id.shortHex());
        return id;
    }
}
