package peerconnect.adapter.gossip;

import java.util.Arrays;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimit;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;

/** Rumors for tests: really signed by a key, or with a placeholder signature where only sizes and bytes matter. */
final class TestRumors {
    /** A placeholder proof (key 33…33, signature 44…44): right sizes, verifies for nobody. */
    static final OriginSignature PLACEHOLDER = new OriginSignature(filled(NodeKey.KEY_BYTES, 0x33),
            filled(NodeKey.SIGNATURE_BYTES, 0x44));

    private TestRumors() {
    }

    /** A rumor of {@code key}'s peer, signed by it, sent {@code age} hops from the origin. */
    static GossipBody.Rumor signed(NodeKey key, MessageId id, int age, byte[] payload) {
        return new RumorAuthenticity(key, unlimitedChecker()).sign(id, payload).withAge(age);
    }

    /** A rumor with the {@link #PLACEHOLDER} proof: for codec sizes and bytes, never accepted by a node. */
    static GossipBody.Rumor placeholder(MessageId id, PeerId origin, int age, byte[] payload) {
        return new GossipBody.Rumor(id, origin, age, payload, PLACEHOLDER);
    }

    /** A checker with no budget and real Ed25519, on a clock that never moves. */
    static SignatureChecker unlimitedChecker() {
        return new SignatureChecker(new SignatureCheckSettings(RateLimit.unlimited(), 1_024),
                SignatureVerifier.ed25519(), java.time.InstantSource.fixed(java.time.Instant.EPOCH));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
