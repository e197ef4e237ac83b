package peerconnect.adapter.kademlia;

import java.util.List;
import peerconnect.domain.PeerContact;

/**
 * What one FIND_NODE lookup found and what it cost, for whoever measures the DHT (the simulation of
 * {@code peerconnect simulate dht}).
 *
 * @param closest the up to k closest peers that answered, closest first
 * @param rpcs    queries the lookup sent (first attempts; retries are counted as
 *                {@code kademlia.rpcAttempts})
 * @param hops    replies on the chain that led to the closest peer that answered: 0 if it was in the
 *                asking node's own table; -1 if nobody answered
 */
public record LookupTrace(List<PeerContact> closest, int rpcs, int hops) {
    public LookupTrace {
        closest = List.copyOf(closest);
    }
}
