package peerconnect.adapter.kademlia;

/**
 * How many values one source address may have stored at a node: its fair share of the node's
 * capacity among the sources that hold values there, never less than a floor. On a small LAN every
 * node holds every value, so a fixed count per source would cap each publisher network-wide; a share
 * grows when few sources exist (4 publishers get a quarter each of a 4,096-value store) and shrinks
 * as more arrive. Flood protection stays: the share is at most half the capacity, so one source
 * alone can never fill a node, and a newcomer always finds room until the store is full. Pure.
 */
final class SourceShare {
    private SourceShare() {
    }

    /**
     * The most values one source may hold.
     *
     * @param capacity values the node holds at most
     * @param floor    the share no source gets less of, however many there are
     *                 ({@link KademliaQuotas#maxValuesPerSource()})
     * @param sources  sources holding values here, the asking one included
     */
    static int limit(int capacity, int floor, int sources) {
        int share = capacity / Math.max(2, sources);
        return Math.max(floor, share);
    }
}
