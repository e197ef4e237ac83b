package peerconnect.adapter.kademlia;

import java.util.Optional;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;

/**
 * Who may enter the routing table and when a contact moves (Kademlia paper, section 2.2, hardened
 * against forged sources): pure decisions from what the table knows, returning the
 * {@link AdmissionStep} that the {@link ContactKeeper} carries out. Who leaves is the
 * {@link LivenessRules}' decision.
 *
 * <p>A request's source address is not proven (a datagram's source can be forged), so a sender
 * refreshes a contact only if that contact is known at exactly that address; otherwise it is pinged
 * there first and considered again only when it answers. An answer to one of our calls is proven (the
 * reply registry matched its message id and source address). A known id that answers at a new address
 * moves there only once its known address has missed a call: a live contact is never taken over, and
 * a peer that restarted on a new port is followed after one failed call instead of a long wait.
 *
 * <p>An address is not an id, though: anyone answering at its own address could answer as any id. So
 * on a node with a key, a contact enters the table, and a known id moves to a new address, only when
 * a verified record of that id (signed by the key whose hash is the id) names the address it answered
 * from ({@link Proof}); a contact that answered without one is pinged for its record, and one whose
 * record does not prove it is refused and counted by reason ({@link AdmissionStep.Unproven}). A
 * contact at its known address was proven when it entered, so refreshing it costs nothing.
 *
 * <p>Into a full bucket a newcomer is pinged only when its place may be free soon (the bucket holds a
 * bad contact, or its least recently seen one is quiet and not being pinged); once it answers it waits
 * in the replacement cache as a live replacement, and the bucket's oldest contact is pinged. BEP 5 does
 * the same: a bucket of good contacts turns newcomers away.
 */
final class ContactAdmission {

    private ContactAdmission() {
    }

    /**
     * The limits a decision reads.
     *
     * @param k            contacts per bucket
     * @param maxPending   admission pings in flight at most ({@link KademliaQuotas#maxPendingAdmissions()})
     * @param freshMillis  a contact heard from within this long is alive: no ping needed
     *                     ({@link KademliaConfig#contactFreshness()})
     */
    record Policy(int k, int maxPending, long freshMillis) {
        static Policy of(KademliaConfig config) {
            return new Policy(config.k(), config.quotas().maxPendingAdmissions(),
                    config.contactFreshness().toMillis());
        }
    }

    /**
     * The table's contact for the peer's id.
     *
     * @param address  where the table reaches it
     * @param lastSeen when it was last heard from
     * @param failures calls in a row it missed at that address
     */
    record Known(NodeAddress address, long lastSeen, int failures) {
        /** A contact that has missed no call. */
        Known(NodeAddress address, long lastSeen) {
            this(address, lastSeen, 0);
        }
    }

    /**
     * The bucket a new id would go into.
     *
     * @param admitsAddress     whether the peer's address and subnet are within the bucket's caps
     * @param size              contacts in it
     * @param oldestPingPending whether its least recently seen contact is being pinged already
     * @param oldestLastSeen    when its least recently seen contact was last heard from
     * @param holdsBad          whether one of its contacts is {@link Liveness.Bad}
     * @param far               whether it is farther from this node than the bucket of its k-th
     *                          closest contact ({@link RoutingTable#kthClosestBucket()})
     */
    record Bucket(boolean admitsAddress, int size, boolean oldestPingPending, long oldestLastSeen, boolean holdsBad,
                  boolean far) {
        /** A bucket with no bad contact, among those of the k closest. */
        Bucket(boolean admitsAddress, int size, boolean oldestPingPending, long oldestLastSeen) {
            this(admitsAddress, size, oldestPingPending, oldestLastSeen, false);
        }

        /** A bucket among those of the k closest. */
        Bucket(boolean admitsAddress, int size, boolean oldestPingPending, long oldestLastSeen, boolean holdsBad) {
            this(admitsAddress, size, oldestPingPending, oldestLastSeen, holdsBad, false);
        }
    }

    /** What the verified node records say of a peer that answered at an address (docs/PROTOCOL.md, "Contacts prove their id"). */
    enum Proof {
        /** This node has no key, so it admits contacts on their proven address alone. */
        NOT_REQUIRED,
        /** A verified record of the id names the address. */
        PROVEN,
        /** No record names the address, and the call did not ask for one: ask. */
        UNPROVEN,
        /** The call asked for the record, and none came. */
        NO_RECORD,
        /** The id's verified record (the newest held) names other addresses only. */
        ADDRESS_NOT_IN_RECORD,
        /** The record that came is signed by another key: it is about another id. */
        RECORD_OF_ANOTHER_ID,
        /** The record that came was refused by the record book (bad signature, over budget, conflicting). */
        RECORD_REFUSED;

        /** The counted reason a contact is refused for, if this proof refuses it. */
        Optional<RejectReason> refusal() {
            return switch (this) {
                case NOT_REQUIRED, PROVEN, UNPROVEN -> Optional.empty();
                case NO_RECORD -> Optional.of(RejectReason.NO_RECORD);
                case ADDRESS_NOT_IN_RECORD -> Optional.of(RejectReason.ADDRESS_NOT_IN_RECORD);
                case RECORD_OF_ANOTHER_ID -> Optional.of(RejectReason.RECORD_OF_ANOTHER_ID);
                case RECORD_REFUSED -> Optional.of(RejectReason.RECORD_REFUSED);
            };
        }
    }

    /**
     * What the node knows when it hears from {@code peer}.
     *
     * @param peer          the id and the address it was heard from
     * @param answered      whether it answered a call of ours at that address (else it sent a request,
     *                      whose source is unproven)
     * @param isSelf        whether it has this node's own id
     * @param known         the table's contact with that id, if any
     * @param pending       whether an admission ping for that id is in flight
     * @param pendingCount  admission pings in flight
     * @param awaitingReply whether a call of ours to that id at that address is in flight
     * @param bucket        the bucket the id would go into, if that bucket exists
     * @param now           the node's clock, milliseconds
     * @param checkingKnown whether the known address of that id is being pinged because of another
     * @param proof         what the records say of an answer's id and address ({@link Proof#NOT_REQUIRED}
     *                      for a request, whose sender is pinged before anything else)
     */
    record Situation(PeerContact peer, boolean answered, boolean isSelf, Optional<Known> known, boolean pending,
                     int pendingCount, boolean awaitingReply, Optional<Bucket> bucket, long now,
                     boolean checkingKnown, Proof proof) {
        /** A situation of a node that requires no records. */
        Situation(PeerContact peer, boolean answered, boolean isSelf, Optional<Known> known, boolean pending,
                  int pendingCount, boolean awaitingReply, Optional<Bucket> bucket, long now,
                  boolean checkingKnown) {
            this(peer, answered, isSelf, known, pending, pendingCount, awaitingReply, bucket, now, checkingKnown,
                    Proof.NOT_REQUIRED);
        }

        /** A situation with no check of the known address in flight. */
        Situation(PeerContact peer, boolean answered, boolean isSelf, Optional<Known> known, boolean pending,
                  int pendingCount, boolean awaitingReply, Optional<Bucket> bucket, long now) {
            this(peer, answered, isSelf, known, pending, pendingCount, awaitingReply, bucket, now, false);
        }
    }

    /** What to do about a peer heard from in a request or in an answer. */
    static AdmissionStep decide(Situation s, Policy p) {
        if (s.isSelf()) {
            return new AdmissionStep.Drop("this node's own id");
        }
        boolean atKnownAddress = s.known().isPresent() && s.known().get().address().equals(s.peer().address());
        if (atKnownAddress) {
            return new AdmissionStep.Insert();
        }
        if (s.answered()) {
            // The answer proved the address; only a record proves the id there.
            Optional<RejectReason> refusal = s.proof().refusal();
            if (refusal.isPresent()) {
                return new AdmissionStep.Unproven(refusal.get());
            }
            if (s.proof() == Proof.UNPROVEN) {
                return verify(s, p); // a ping of ours asks for the record
            }
            if (s.known().isEmpty()) {
                return new AdmissionStep.Insert();
            }
        }
        if (!s.answered() && s.known().isEmpty() && s.awaitingReply()) {
            // Our own call to that address is in flight: its verified reply proves the address and
            // admits the peer, so a ping of our own would only double the check. This is the common
            // case of a join: a peer we asked verifies us with a ping that overtakes its reply.
            return new AdmissionStep.Drop("our call to it is in flight: its reply will admit it");
        }
        if (s.answered()) {
            // A proven answer from a new address of a known id.
            if (s.known().get().failures() > 0) {
                return new AdmissionStep.MoveTo();
            }
            return s.checkingKnown()
                    ? new AdmissionStep.Drop("its known address is being asked already")
                    : new AdmissionStep.PingKnownAddress();
        }
        return verify(s, p);
    }

    /** The unverified case: a request from an unknown id, or from a known id at another address. */
    static AdmissionStep verify(Situation s, Policy p) {
        if (s.pending()) {
            return new AdmissionStep.Drop("already being pinged");
        }
        if (s.pendingCount() >= p.maxPending()) {
            return new AdmissionStep.Skip();
        }
        if (s.known().isPresent()) {
            // Even if the known address was heard from moments ago (a peer killed and restarted on a new
            // port was): one ping to the new address proves it, and only then is the known one asked.
            // A spoofed source gets one ping per round trip at most, the pending set sees to that.
            return new AdmissionStep.PingSender();
        }
        if (s.bucket().isPresent()) {
            Bucket b = s.bucket().get();
            if (!b.admitsAddress()) {
                return new AdmissionStep.Refuse();
            }
            if (b.far() && !b.holdsBad() && b.size() >= p.k() / 2) {
                // A far bucket routes, it holds no neighbour: half full, it routes well enough, and our
                // own lookups and refreshes add the peers that answer them at no cost. Pinging every
                // stranger that calls cost a join at 1,000 nodes about 2 of its 28 admission pings.
                return new AdmissionStep.Drop("a far bucket half full: answered calls fill the rest");
            }
            if (b.size() >= p.k() && !b.holdsBad() && !oldestPingDue(b.oldestPingPending(), b.oldestLastSeen(),
                    s.now(), p)) {
                return new AdmissionStep.Drop("bucket full of good contacts, its oldest fresh or being pinged");
            }
        }
        return new AdmissionStep.PingSender();
    }

    /**
     * Whether a full bucket should ping its least recently seen contact now: not if one such ping is
     * in flight already (one per bucket at a time), nor if that contact was heard from within the
     * freshness window.
     */
    static boolean oldestPingDue(boolean pingPending, long oldestLastSeen, long now, Policy p) {
        return !pingPending && now - oldestLastSeen > p.freshMillis();
    }

    /**
     * Whether a call that failed at {@code failedAt} counts against the contact the table holds: only
     * at the very address the table knows. A failure at another address (a stale one, or one a liar
     * handed us in a reply) says nothing about the contact we hold.
     */
    static boolean failureCounts(Optional<Known> known, NodeAddress failedAt) {
        return known.isPresent() && known.get().address().equals(failedAt);
    }
}
