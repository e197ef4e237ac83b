package peerconnect.adapter.kademlia;

import peerconnect.domain.PeerContact;

/**
 * One peer in a lookup's shortlist. {@code depth} counts the replies on the chain that led to it:
 * 0 for contacts from the local table, {@code d + 1} for a contact first learned from a peer of
 * depth {@code d} — the lookup's hop count for that peer.
 */
final class Candidate {
    final PeerContact contact;
    final byte[] id;
    final int depth;
    CandidateState state = CandidateState.HEARD;

    Candidate(PeerContact contact, byte[] id, int depth) {
        this.contact = contact;
        this.id = id;
        this.depth = depth;
    }

    @Override
    public String toString() {
        return contact + " " + state + " depth " + depth;
    }
}
