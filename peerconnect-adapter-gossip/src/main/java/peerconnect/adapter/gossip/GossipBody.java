package peerconnect.adapter.gossip;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;

/** A decoded gossip body, one record per {@link GossipOp} that is still accepted (layouts in {@code docs/PROTOCOL.md}). */
sealed interface GossipBody {

    /** The op byte this body travels under. */
    GossipOp op();

    /** Something that spreads hop by hop: a rumor or a search. */
    sealed interface Spreading extends GossipBody {
        MessageId id();

        PeerId origin();

        /** Hops travelled before this copy was sent: 0 when the origin sends it. */
        int age();

        /** The same body, as forwarded {@code newAge} hops from its origin. */
        Spreading withAge(int newAge);
    }

    /**
     * SIGNED_MESSAGE: a published payload and its origin's signature over id, origin and payload (not
     * the age, which every forwarder rewrites). The payload array is shared, not copied, for speed: it
     * is made once (by {@code publish}'s copy or by decoding) and nothing in this package writes to it
     * afterwards; it leaves the package only through {@link peerconnect.ports.GossipMessage}, which
     * copies it.
     */
    record Rumor(MessageId id, PeerId origin, int age, byte[] payload, OriginSignature signature)
            implements Spreading {
        public Rumor {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(signature, "signature");
            checkAge(age);
        }

        @Override
        public GossipOp op() {
            return GossipOp.SIGNED_MESSAGE;
        }

        @Override
        public Rumor withAge(int newAge) {
            return new Rumor(id, origin, newAge, payload, signature);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rumor r && id.equals(r.id) && origin.equals(r.origin) && age == r.age
                    && Arrays.equals(payload, r.payload) && signature.equals(r.signature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, origin, age, Arrays.hashCode(payload), signature);
        }

        @Override
        public String toString() {
            return "Rumor[" + id + " origin=" + origin.shortHex() + " age=" + age + " " + payload.length + " bytes]";
        }
    }

    /**
     * SEARCH_REQ: who asks, for what, and where to answer. The origin sends it without an address;
     * the first hop fills in the source address it saw the datagram come from, so no node needs to
     * know its own address and the answer goes where the question really came from.
     */
    record SearchRequest(MessageId id, PeerId origin, int age, Optional<NodeAddress> replyTo, String query)
            implements Spreading {
        public SearchRequest {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(replyTo, "replyTo");
            Objects.requireNonNull(query, "query");
            checkAge(age);
        }

        @Override
        public GossipOp op() {
            return GossipOp.SEARCH_REQ;
        }

        @Override
        public SearchRequest withAge(int newAge) {
            return new SearchRequest(id, origin, newAge, replyTo, query);
        }

        SearchRequest withReplyTo(NodeAddress address) {
            return new SearchRequest(id, origin, age, Optional.of(address), query);
        }
    }

    /** SEARCH_REPLY: the answer of a node whose name matched search {@code id}. */
    record SearchReply(MessageId id, String name) implements GossipBody {
        public SearchReply {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public GossipOp op() {
            return GossipOp.SEARCH_REPLY;
        }
    }

    /** DIGEST: ids of the rumors the sender holds; the receiver sends back the rumors missing from it. */
    record Digest(long[] ids) implements GossipBody {
        public Digest {
            ids = ids.clone();
        }

        @Override
        public long[] ids() {
            return ids.clone();
        }

        boolean contains(long id) {
            for (long i : ids) {
                if (i == id) {
                    return true;
                }
            }
            return false;
        }

        int size() {
            return ids.length;
        }

        @Override
        public GossipOp op() {
            return GossipOp.DIGEST;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && Arrays.equals(ids, d.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return "Digest[" + ids.length + " ids]";
        }
    }

    /** PULL_REQUEST: ids of rumors the sender saw in our digest and lacks; we send them back. */
    record PullRequest(long[] ids) implements GossipBody {
        public PullRequest {
            ids = ids.clone();
        }

        @Override
        public long[] ids() {
            return ids.clone();
        }

        @Override
        public GossipOp op() {
            return GossipOp.PULL_REQUEST;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PullRequest p && Arrays.equals(ids, p.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return "PullRequest[" + ids.length + " ids]";
        }
    }

    /**
     * ADDRESS_CHECK: asks the receiver to answer (with a reply of the same op and body) from the
     * address the check went to. Token 0: anyone answers. Otherwise: only the node with a search of that
     * id still waiting answers, so a search forged with a victim's source address is never confirmed.
     */
    record AddressCheck(long token) implements GossipBody {
        @Override
        public GossipOp op() {
            return GossipOp.ADDRESS_CHECK;
        }
    }

    /**
     * SHUFFLE and SHUFFLE_REPLY: entries of the sender's gossip view ({@link PeerView}) — the sender
     * itself is not among them, the receiver takes it from the envelope and the datagram's source —
     * and the ids of the sender's newest rumors, which the receiver pulls if it lacks them.
     */
    record Shuffle(List<ViewEntry> entries, List<Long> recent, boolean reply) implements GossipBody {
        public Shuffle {
            entries = List.copyOf(entries);
            recent = List.copyOf(recent);
        }

        @Override
        public GossipOp op() {
            return reply ? GossipOp.SHUFFLE_REPLY : GossipOp.SHUFFLE;
        }
    }

    private static void checkAge(int age) {
        if (age < 0 || age > 0xff) {
            throw new IllegalArgumentException("age is one byte: " + age);
        }
    }
}
