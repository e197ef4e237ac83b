package peerconnect.adapter.gossip;

/**
 * When a node forwards a rumor again (Demers et al., "Epidemic algorithms for replicated database
 * maintenance", 1987: rumor mongering with feedback and coin): the first copy of a rumor is always
 * forwarded while younger than the TTL; each later copy is forwarded again with a chance that decays
 * with the copy's age, {@code max(floor, decay^age)}, and a node that once declines stops for good.
 * Age is a hop count carried in the rumor, so no clock of another node is involved.
 */
record ForwardPolicy(int ttlHops, double decay, double floor) {

    static ForwardPolicy of(GossipConfig config) {
        return new ForwardPolicy(config.ttlHops(), config.forwardDecay(), config.forwardFloor());
    }

    /** Whether a copy that has travelled {@code age} hops may still be forwarded at all. */
    boolean alive(int age) {
        return age < ttlHops;
    }

    /** The chance to forward again a copy of a rumor already seen, arriving {@code age} hops from its origin. */
    double againProbability(int age) {
        if (!alive(age)) {
            return 0;
        }
        return Math.max(floor, Math.pow(decay, age));
    }
}
