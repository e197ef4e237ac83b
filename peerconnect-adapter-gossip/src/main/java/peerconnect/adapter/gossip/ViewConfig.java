package peerconnect.adapter.gossip;

import static peerconnect.domain.SettingChecks.requirePositive;
import static peerconnect.domain.SettingChecks.requireRange;

import java.time.Duration;

/**
 * Settings of a node's gossip view ({@link GossipConfig#view()}): the peers its pushes and digests go
 * to, kept a uniform sample of the network by shuffling.
 *
 * @param size            peers in the view
 * @param shuffleLength   entries a shuffle swaps each way, the sender included; at most the size
 * @param shuffleInterval time between two shuffles a node starts
 */
public record ViewConfig(int size, int shuffleLength, Duration shuffleInterval) {
    public ViewConfig {
        requireRange("view.size", size, 1, GossipCodec.MAX_SHUFFLE_ENTRIES);
        requireRange("view.shuffleLength", shuffleLength, 1, size);
        requirePositive("view.shuffleInterval", shuffleInterval);
    }

    /**
     * Defaults:
     * <ul>
     *   <li>7 peers: a rumor is pushed once to each, so a node sends about 6 copies (the sender is one
     *       of them about as often as not), inside the 8-datagram budget per node per rumor; a node is
     *       in about 7 views, so it misses a rumor only if all of its 7 in-neighbours do or every copy
     *       is lost, and a random graph of out-degree 7 has a diameter of log₆(N) + 2 hops, 7 for
     *       10,000 nodes;</li>
     *   <li>4 entries per shuffle, about half the view as in CYCLON: the view is mixed within a few
     *       rounds, and a shuffle of 4 entries is one 120-byte datagram;</li>
     *   <li>a shuffle every second: a late joiner enters about one view a second, so it is in as many
     *       views as anyone within ten seconds; the cost is two small datagrams per node per second.</li>
     * </ul>
     */
    public static ViewConfig defaults() {
        return new ViewConfig(7, 4, Duration.ofSeconds(1));
    }
}
