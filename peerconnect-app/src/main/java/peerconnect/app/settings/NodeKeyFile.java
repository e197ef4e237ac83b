package peerconnect.app.settings;

import peerconnect.app.store.FileNodeStateStore;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.InvalidNodeKeyException;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.ports.NodeStateStore;

/**
 * The node's Ed25519 key pair, kept in the data directory (blob {@value #NAME}, format
 * {@link NodeKey#toKeyFileText()}), so a restarted node is the same peer: its peer id is derived from the
 * public key, and its saved routing table still applies. {@link FileNodeStateStore} writes blobs readable
 * by their owner only, which the private key needs.
 *
 * <p>A corrupt key file is reported, set aside for a person to inspect, and replaced by a new key (the
 * peer id changes with it). A data directory from before node keys holds only the random id in
 * {@value #OLD_PEER_ID}: it gets a key, the id becomes the derived one (logged once), and the old blob is
 * left where it is, unused. After either change of id the saved contacts still lead back to the other
 * nodes, while the Kademlia adapter sets its own state file (which names the old id) aside.
 */
public final class NodeKeyFile {
    public static final String NAME = "node-key";
    /** The blob in which earlier versions kept a random peer id (40 hex digits). */
    public static final String OLD_PEER_ID = "peer-id";
    private static final Logger LOG = LoggerFactory.getLogger(NodeKeyFile.class);

    private NodeKeyFile() {
    }

    /** The saved key, or a new one from {@code random} (saved at once). */
    public static NodeKey loadOrCreate(NodeStateStore store, SecureRandom random) {
        Optional<byte[]> saved = store.read(NAME);
        if (saved.isPresent()) {
            try {
                NodeKey key = NodeKey.parse(new String(saved.get(), StandardCharsets.US_ASCII));
                LOG.debug("node key of peer id {} read from the data directory", key.peerId().shortHex());
                return key;
            } catch (InvalidNodeKeyException e) {
                String where = store.setAside(NAME).orElse("(gone)");
                NodeKey key = create(store, random);
                LOG.warn("the saved node key is not valid ({}); set aside as {}; a new key is made and the peer id"
                        + " changes to {}", e.getMessage(), where, key.peerId().shortHex());
                return key;
            }
        }
        Optional<PeerId> oldId = store.read(OLD_PEER_ID).flatMap(NodeKeyFile::oldId);
        NodeKey key = create(store, random);
        if (oldId.isPresent()) {
            LOG.info("migrated to a node key: the peer id changes from {} (random, from {}) to {} (derived from the"
                    + " key)", oldId.get().shortHex(), OLD_PEER_ID, key.peerId().shortHex());
        } else {
            LOG.info("new node key saved, peer id {}", key.peerId().shortHex());
        }
        return key;
    }

    private static NodeKey create(NodeStateStore store, SecureRandom random) {
        // Random, never derived from host name, MAC or IP (privacy: DESIGN.md).
        NodeKey key = NodeKey.generate(random);
        store.write(NAME, key.toKeyFileText().getBytes(StandardCharsets.US_ASCII));
        return key;
    }

    private static Optional<PeerId> oldId(byte[] blob) {
        try {
            return Optional.of(PeerId.fromHex(new String(blob, StandardCharsets.US_ASCII).strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
