package peerconnect.adapter.gossip;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import peerconnect.domain.PeerContact;

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

    /** What a node does with a rumor it still forwards: stop for good, or push a copy to some peers. */
    sealed interface Step {
    }

    /** No peer is left to tell, or the rumor is too old: stop forwarding it. */
    record Stop() implements Step {
    }

    // One for all: a decision is made per forwarded copy, millions of times in a simulation.
    private static final Stop STOP = new Stop();

    /** Send the copy to these peers, none of them known to have it. */
    record Push(List<PeerContact> targets) implements Step {
        Push {
            targets = List.copyOf(targets);
        }
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

    /** Whether a copy seen again at {@code age} hops is forwarded again, for a coin drawn from [0, 1). */
    boolean forwardsAgain(int age, double coin) {
        return coin < againProbability(age);
    }

    /**
     * Where a copy {@code age} hops old goes: to up to {@code fanout} of {@code peers}, chosen
     * uniformly among those not {@code informed} ({@link FanoutSampler}); {@link Stop} if it is past
     * the TTL (then the peers are not even asked for, nor any drawn) or no peer is left. Pure apart
     * from {@code random}.
     */
    Step next(int age, Supplier<List<PeerContact>> peers, int fanout, Predicate<? super PeerContact> informed,
              RandomGenerator random) {
        if (!alive(age)) {
            return STOP;
        }
        List<PeerContact> targets = FanoutSampler.sample(peers.get(), fanout, informed, random);
        return targets.isEmpty() ? STOP : new Push(targets);
    }
}
