package peerconnect.app.hooks;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** What a hook is run for: a peer joined or left the routing table, or a rumor arrived. */
public sealed interface HookEvent {
    /** The kinds a hook can ask for; {@code --on-event} names them in lower case. */
    enum Kind { JOIN, LEAVE, GOSSIP }

    /** This event's kind. */
    Kind kind();

    /**
     * The environment variables that tell the hook about the event, besides {@code PEERCONNECT_EVENT}
     * (the kind in lower case) and {@code PEERCONNECT_NODE_ID} (this node), which every hook gets.
     */
    Map<String, String> variables();

    /** What the hook reads on stdin: the peer as one line {@code ID ADDRESS}, or the rumor's bytes. */
    byte[] payload();

    /** The kind as {@code PEERCONNECT_EVENT} and {@code --on-event} spell it. */
    default String name() {
        return kind().name().toLowerCase(Locale.ROOT);
    }

    /** A peer entered the routing table. */
    record Join(PeerContact peer) implements HookEvent {
        /** Checks that the peer is there. */
        public Join {
            Objects.requireNonNull(peer, "peer");
        }

        @Override
        public Kind kind() {
            return Kind.JOIN;
        }

        @Override
        public Map<String, String> variables() {
            return peerVariables(peer);
        }

        @Override
        public byte[] payload() {
            return peerLine(peer);
        }
    }

    /** A peer left the routing table (stopped answering, or was replaced). */
    record Leave(PeerContact peer) implements HookEvent {
        /** Checks that the peer is there. */
        public Leave {
            Objects.requireNonNull(peer, "peer");
        }

        @Override
        public Kind kind() {
            return Kind.LEAVE;
        }

        @Override
        public Map<String, String> variables() {
            return peerVariables(peer);
        }

        @Override
        public byte[] payload() {
            return peerLine(peer);
        }
    }

    /**
     * A rumor from another node.
     *
     * @param text its payload, as received
     */
    record Gossip(MessageId id, PeerId origin, byte[] text) implements HookEvent {
        /** Checks the parts and copies the payload. */
        public Gossip {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(origin, "origin");
            text = text.clone();
        }

        @Override
        public Kind kind() {
            return Kind.GOSSIP;
        }

        @Override
        public Map<String, String> variables() {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("PEERCONNECT_GOSSIP_ID", id.toString());
            v.put("PEERCONNECT_GOSSIP_ORIGIN", origin.toHex());
            return v;
        }

        @Override
        public byte[] payload() {
            return text.clone();
        }
    }

    private static Map<String, String> peerVariables(PeerContact peer) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PEERCONNECT_PEER_ID", peer.id().toHex());
        v.put("PEERCONNECT_PEER_ADDRESS", peer.address().toString());
        return v;
    }

    private static byte[] peerLine(PeerContact peer) {
        return (peer.id().toHex() + " " + peer.address() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
