package peerconnect.adapter.kademlia;

import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * One peer in a lookup's shortlist. {@code depth} counts the replies on the chain that led to it:
 * 0 for contacts from the local table, {@code d + 1} for a contact first learned from a peer of
 * depth {@code d} — the lookup's hop count for that peer.
 */
final class Candidate {
    /** Where it is asked; replaced once by {@link #otherAddress} if it fails to answer there. */
    PeerContact contact;
    final PeerId id;
    final int depth;
    CandidateState state = CandidateState.HEARD;
    /**
     * The same peer as reported at another address by some other peer (it moved, e.g. restarted on
     * a new port, and not everyone has heard from it since); null if none. Tried once.
     */
    PeerContact otherAddress;
    /** Whether it was already switched to its other address: one switch only, so two peers reporting
     * two addresses cannot bounce a lookup between them. */
    boolean moved;
    /** When it was last asked, on the node's clock (milliseconds): its answer's round trip. */
    long askedAt;

    Candidate(PeerContact contact, int depth) {
        this.contact = contact;
        this.id = contact.id();
        this.depth = depth;
    }

    @Override
    public String toString() {
        return contact + " " + state + " depth " + depth;
    }
}
