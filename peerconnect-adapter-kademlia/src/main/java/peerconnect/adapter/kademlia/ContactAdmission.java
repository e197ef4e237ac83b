package peerconnect.adapter.kademlia;

import java.util.Optional;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;

/**
 * Who may enter the routing table and who must leave it (Kademlia paper, section 2.2, hardened
 * against forged sources): pure decisions from what the table knows, returning the
 * {@link AdmissionStep} that the {@link ContactKeeper} carries out.
 *
 * <p>A request's source address is not proven (a datagram's source can be forged), so a sender
 * refreshes a contact only if that contact is known at exactly that address; otherwise it is pinged
 * there first and enters only when it answers. A spoofer can thus neither add addresses it does not
 * own nor move or evict a known contact by sending with its id. Into a full bucket the least recently
 * seen contact is pinged first, as the paper does (it prefers old contacts), and the newcomer is
 * tried only if that one is gone; verifying the newcomer first would cost a ping for a place it may
 * never get. A contact is evicted only when a call fails at the address the table knows for it.
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

    /** The table's contact for the peer's id: where it is and when it was last heard from. */
    record Known(NodeAddress address, long lastSeen) {
    }

    /**
     * The bucket a new id would go into.
     *
     * @param admitsAddress     whether the peer's address and subnet are within the bucket's caps
     * @param size              contacts in it
     * @param oldestPingPending whether its least recently seen contact is being pinged already
     * @param oldestLastSeen    when its least recently seen contact was last heard from
     */
    record Bucket(boolean admitsAddress, int size, boolean oldestPingPending, long oldestLastSeen) {
    }

    /**
     * What the node knows when it hears from {@code peer}.
     *
     * @param peer         the id and the address it was heard from
     * @param answered     whether it answered a call of ours at that address (else it sent a request,
     *                     whose source is unproven)
     * @param isSelf       whether it has this node's own id
     * @param known        the table's contact with that id, if any
     * @param pending      whether an admission ping for that id is in flight
     * @param pendingCount admission pings in flight
     * @param awaitingReply whether a call of ours to that id at that address is in flight
     * @param bucket       the bucket the id would go into, if that bucket exists
     * @param now          the node's clock, milliseconds
     */
    record Situation(PeerContact peer, boolean answered, boolean isSelf, Optional<Known> known, boolean pending,
                     int pendingCount, boolean awaitingReply, Optional<Bucket> bucket, long now) {
    }

    /** What to do about a peer heard from in a request or in an answer. */
    static AdmissionStep decide(Situation s, Policy p) {
        if (s.isSelf()) {
            return new AdmissionStep.Drop("this node's own id");
        }
        boolean atKnownAddress = s.known().isPresent() && s.known().get().address().equals(s.peer().address());
        if (atKnownAddress || (s.answered() && s.known().isEmpty())) {
            return new AdmissionStep.Insert();
        }
        if (!s.answered() && s.known().isEmpty() && s.awaitingReply()) {
            // Our own call to that address is in flight: its verified reply proves the address and
            // admits the peer, so a ping of our own would only double the check. This is the common
            // case of a join: a peer we asked verifies us with a ping that overtakes its reply.
            return new AdmissionStep.Drop("our call to it is in flight: its reply will admit it");
        }
        return verify(s, p);
    }

    /**
     * The unverified case: a request from an unknown id, or any word from a known id at another
     * address. Also the decision made again once a pinged known address or oldest contact was silent.
     */
    static AdmissionStep verify(Situation s, Policy p) {
        if (s.pending()) {
            return new AdmissionStep.Drop("already being pinged");
        }
        if (s.pendingCount() >= p.maxPending()) {
            return new AdmissionStep.Skip();
        }
        if (s.known().isPresent()) {
            if (s.now() - s.known().get().lastSeen() <= p.freshMillis()) {
                return new AdmissionStep.Drop("heard from at its known address moments ago: the other address is"
                        + " a spoof or stale");
            }
            return new AdmissionStep.PingKnownAddress();
        }
        if (s.bucket().isPresent()) {
            Bucket b = s.bucket().get();
            if (!b.admitsAddress()) {
                return new AdmissionStep.Refuse();
            }
            if (b.size() >= p.k()) {
                return oldestPingDue(b.oldestPingPending(), b.oldestLastSeen(), s.now(), p)
                        ? new AdmissionStep.PingOldest()
                        : new AdmissionStep.Drop("bucket full and its oldest contact fresh or being pinged");
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
     * A call to {@code failedAt} failed. Only the contact the table knows at that very address is
     * dropped: a failure at another address (a stale one, or one a liar handed us in a reply) says
     * nothing about the contact we hold.
     */
    static AdmissionStep onFailure(Optional<Known> known, NodeAddress failedAt) {
        return known.isPresent() && known.get().address().equals(failedAt)
                ? new AdmissionStep.Evict() : new AdmissionStep.Drop("not the address the table knows");
    }
}
