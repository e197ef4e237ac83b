package peerconnect.adapter.gossip;

import java.util.Objects;
import java.util.Optional;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.SignatureChecker;

/**
 * Signs this node's rumors with its node key and checks everyone else's, so that no node can publish
 * under another's peer id and no forwarder can alter a payload. Checks, cheapest first: the origin is
 * the peer id derived from the carried public key (one SHA-256), then the shared
 * {@link SignatureChecker} (its cache, its budget, then Ed25519), so each distinct rumor is verified
 * at most once per node and never beyond the budget. Stateless itself; thread-safe; never called under
 * the node's lock, since a check costs about 0.4 ms.
 */
final class RumorAuthenticity {
    private final NodeKey key;
    private final SignatureChecker checker;

    RumorAuthenticity(NodeKey key, SignatureChecker checker) {
        this.key = Objects.requireNonNull(key, "key");
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    /** A new rumor of this node: {@code payload} (not copied) signed under {@code id}. */
    GossipBody.Rumor sign(MessageId id, byte[] payload) {
        byte[] signature = key.sign(GossipCodec.signedBytes(id, key.peerId(), payload));
        return new GossipBody.Rumor(id, key.peerId(), 0, payload, new OriginSignature(key.publicKey(), signature));
    }

    /** Why {@code rumor}, received from {@code source}, must be dropped; empty if its origin signed it. */
    Optional<GossipRejection> check(GossipBody.Rumor rumor, NodeAddress source) {
        OriginSignature proof = rumor.signature();
        byte[] publicKey = proof.publicKey();
        if (!NodeKey.peerIdOf(publicKey).equals(rumor.origin())) {
            return Optional.of(GossipRejection.ORIGIN_NOT_KEY);
        }
        byte[] signed = GossipCodec.signedBytes(rumor.id(), rumor.origin(), rumor.payload());
        return switch (checker.check(rumor.id().value(), source, publicKey, signed, proof.signature())) {
            case VALID -> Optional.empty();
            case INVALID -> Optional.of(GossipRejection.BAD_SIGNATURE);
            case OVER_BUDGET -> Optional.of(GossipRejection.SIGNATURE_BUDGET);
        };
    }
}
