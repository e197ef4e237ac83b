package peerconnect.domain;

/**
 * What {@link Discovery} has done since it was created.
 *
 * @param announcements   NETWORK_FIND rounds sent (a round may go out on several channels)
 * @param answered        other nodes' NETWORK_FINDs answered
 * @param repliesAccepted NETWORK_FIND_REPLYs passed on to the DHT
 * @param echoesIgnored   own announcements and replies heard back, recognised by peer id
 * @param spoofsRejected  messages whose advertised address was not their source
 * @param announcementsUsed other nodes' NETWORK_FINDs bootstrapped from, heard while not yet joined
 */
public record DiscoveryStats(long announcements, long answered, long repliesAccepted, long echoesIgnored,
                             long spoofsRejected, long announcementsUsed) {
}
