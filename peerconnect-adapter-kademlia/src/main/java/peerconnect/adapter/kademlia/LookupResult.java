package peerconnect.adapter.kademlia;

import java.util.List;
import java.util.Optional;
import peerconnect.domain.PeerContact;

/**
 * What an iterative lookup ended with.
 *
 * @param closest     the up to k closest peers that answered, closest first
 * @param found       for value and peer-list lookups, what a peer returned (empty for FIND_NODE or
 *                    if nobody had it)
 * @param rpcs        queries sent (first attempts; retries are counted by the RPC layer)
 * @param closestDepth hops to the closest peer that answered (see {@link Candidate}), or -1 if none
 */
record LookupResult(List<PeerContact> closest, Optional<KademliaCodec.LookupReply> found, int rpcs, int closestDepth) {

    /** The figures a caller outside the adapter may see. */
    LookupTrace trace() {
        return new LookupTrace(closest, rpcs, closestDepth);
    }
}
