package peerconnect.app.simulate;

/**
 * What a {@link GossipSimulation} measured. Deterministic: the same settings give an equal report.
 * A <em>round</em> is one network latency ({@link GossipSimulation#ROUND}) of virtual time; with no
 * jitter every datagram takes exactly one round, so the round a node first delivers a rumor equals the
 * hop count of the path that brought it. <em>Live</em> nodes are those still running at the end.
 *
 * @param settings                  what was run
 * @param liveNodes                 nodes still running at the end (coverage is measured over them)
 * @param coverageMin               least fraction of live nodes that have a rumor (delivered it, or published it), over
 *                                  all rumors (1 if no rumor)
 * @param coverageP50               median of that fraction over rumors
 * @param rumorsFullyCovered        rumors every live node delivered
 * @param rounds99Max               most rounds any rumor needed to reach 99% of live nodes; -1 if one never did
 * @param rounds99P50               median over rumors of the rounds to reach 99%; -1 if half never did
 * @param roundsLastMax             most rounds between a rumor's publication and its last delivery to a live node
 * @param roundsLastP50             median over rumors of the rounds to the last delivery
 * @param roundGoal                 2·log₃(nodes), the bound for reaching 99%
 * @param datagramsPerNodePerRumor  every gossip datagram sent while rumors spread, divided by nodes × rumors
 * @param pushPerNodePerRumor       the part of it that is rumor mongering (MESSAGE datagrams pushed)
 * @param pullPerNodePerRumor       the part that is anti-entropy (digests, pull requests and the rumors sent back)
 * @param shufflePerNodePerRumor    the part that is peer sampling (SHUFFLE and SHUFFLE_REPLY)
 * @param duplicatesSuppressed      copies of rumors that arrived at a node that had them already
 * @param extraDeliveries           deliveries to a subscriber beyond the first of a message at a node (must be 0)
 * @param rejected                  datagrams refused by gossip handlers (must be 0 in a simulation)
 * @param searchFound               whether the search found the one node holding the name (false if no search)
 * @param searchResults             peers the search returned
 * @param searchFirstResultRounds   rounds from the search to its first answer; -1 if none
 * @param searchDatagrams           datagrams the search cost, the answer included
 * @param virtualMillis             virtual time simulated
 * @param datagramsSent             every datagram sent in the run
 */
record GossipSimulationReport(GossipSimulationSettings settings, int liveNodes, double coverageMin,
                                     double coverageP50, int rumorsFullyCovered, int rounds99Max, int rounds99P50,
                                     int roundsLastMax, int roundsLastP50, double roundGoal,
                                     double datagramsPerNodePerRumor, double pushPerNodePerRumor,
                                     double pullPerNodePerRumor, double shufflePerNodePerRumor,
                                     long duplicatesSuppressed, long extraDeliveries,
                                     long rejected, boolean searchFound, int searchResults,
                                     int searchFirstResultRounds, long searchDatagrams, long virtualMillis,
                                     long datagramsSent) {
}
