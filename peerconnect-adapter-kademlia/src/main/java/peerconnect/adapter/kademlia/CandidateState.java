package peerconnect.adapter.kademlia;

/**
 * Where a lookup candidate stands (as go-libp2p-kad-dht's query peer set): every candidate moves
 * HEARD → WAITING → QUERIED or UNREACHABLE, never back.
 */
enum CandidateState {
    /** Learned from a reply (or the local table); not asked yet. */
    HEARD,
    /** Asked; the reply is awaited. */
    WAITING,
    /** Answered. */
    QUERIED,
    /** Did not answer (after retries) or answered nonsense. */
    UNREACHABLE
}
