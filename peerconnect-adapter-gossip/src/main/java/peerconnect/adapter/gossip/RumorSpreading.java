package peerconnect.adapter.gossip;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.adapter.gossip.GossipCounters.Count;
import peerconnect.domain.Cancellable;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.ports.GossipMessage;

/**
 * Rumor mongering (push, with feedback and coin: {@link ForwardPolicy}): publishing, taking in a
 * copy (new or seen before), delivering to subscribers and forwarding to a fanout of peers that are
 * not known to have it. Searches spread the same way: {@link PeerSearch} uses the steps here.
 * Everything but {@link #subscribe} is called under the node's lock.
 */
final class RumorSpreading {
    private static final Logger LOG = LoggerFactory.getLogger(RumorSpreading.class);

    private final GossipCore core;
    private final ForwardPolicy policy;
    private final Supplier<List<PeerContact>> peers;
    private final List<Consumer<GossipMessage>> listeners = new CopyOnWriteArrayList<>();

    /** @param peers the gossip view, where pushes go; called under the lock */
    RumorSpreading(GossipCore core, Supplier<List<PeerContact>> peers) {
        this.core = core;
        this.policy = ForwardPolicy.of(core.config);
        this.peers = peers;
    }

    /** Publishes {@code rumor}, a new rumor of this node signed outside the lock. */
    MessageId publish(GossipBody.Rumor rumor) {
        core.counters.add(Count.PUBLISHED);
        spreadOwn(rumor);
        return rumor.id();
    }

    /** Remembers a rumor or search of this node (charged to no source) and sends it to the first fanout. */
    void spreadOwn(GossipBody.Spreading body) {
        long now = core.now();
        RumorState state = new RumorState(body, 0, now, core.config.quotas().maxInformedPerRumor());
        core.seen.add(body.id().value(), state, now);
        forward(state, 0);
    }

    /** Not under the lock: subscribers are called after it is released. */
    Cancellable subscribe(Consumer<GossipMessage> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * A MESSAGE: a copy seen before is a duplicate; a new one is remembered, delivered (unless it is
     * our own) and forwarded. The delivery goes into {@code afterUnlock}.
     */
    void handleRumor(GossipBody.Rumor copy, RequestEvent event, List<Runnable> afterUnlock) {
        int hops = hopsOf(copy);
        if (tookAsDuplicate(copy, event.message().sender(), hops)) {
            return;
        }
        Optional<RumorState> admitted = admit(copy, event, hops);
        if (admitted.isEmpty()) {
            return;
        }
        // A rumor of our own id comes back after a restart (the seen-set is not saved): subscribers
        // never get their own messages, so it is passed on but not delivered.
        if (!copy.origin().equals(core.self)) {
            core.counters.add(Count.DELIVERED);
            GossipMessage delivery = new GossipMessage(copy.id(), copy.origin(), hops, copy.payload());
            afterUnlock.add(() -> deliver(delivery));
        }
        forward(admitted.get(), hops);
    }

    /** Hops a copy has made once it is here: one more than it had when sent (an age is one byte). */
    static int hopsOf(GossipBody.Spreading copy) {
        return Math.min(copy.age() + 1, 0xff);
    }

    /**
     * If {@code copy} was seen before: counts it, remembers that {@code sender} has it and, while
     * this node still forwards it, tosses the coin to forward it again or stop for good; returns true.
     * Returns false for a copy not seen before, changing nothing.
     */
    boolean tookAsDuplicate(GossipBody.Spreading copy, PeerId sender, int hops) {
        RumorState state = core.seen.get(copy.id().value(), core.now());
        if (state == null) {
            return false;
        }
        core.counters.add(Count.DUPLICATES_SUPPRESSED);
        state.markInformed(sender);
        if (!state.forwarding()) {
            return true;
        }
        if (policy.forwardsAgain(hops, core.random.nextDouble())) {
            forward(state, hops);
        } else {
            state.stop();
            core.counters.add(Count.STOPPED_FORWARDING);
        }
        return true;
    }

    /**
     * Remembers a new {@code body}, charged to the address it came from, so one source cannot hold more
     * than its share of the seen-set; the sender and the origin count as having it. Empty (and counted)
     * if the seen-set refused it: then it is neither delivered nor forwarded, and a later copy may
     * still get in.
     */
    Optional<RumorState> admit(GossipBody.Spreading body, RequestEvent event, int hops) {
        long now = core.now();
        RumorState state = new RumorState(body, hops, now, core.config.quotas().maxInformedPerRumor());
        switch (core.seen.add(body.id().value(), state, now, event.from().ip())) {
            case ADDED -> { }
            case ALREADY_SEEN -> throw new IllegalStateException("looked up as unseen just before");
            case REFUSED_SOURCE_SHARE -> {
                core.reject(GossipRejection.SEEN_SOURCE_SHARE, event);
                return Optional.empty();
            }
            case REFUSED_FULL -> {
                core.reject(GossipRejection.SEEN_FULL, event);
                return Optional.empty();
            }
        }
        state.markInformed(event.message().sender());
        state.markInformed(body.origin());
        return Optional.of(state);
    }

    /** Sends the rumor, {@code age} hops old, to up to fanout peers not known to have it; stops if none is left. */
    void forward(RumorState state, int age) {
        if (!state.forwarding()) {
            return;
        }
        switch (policy.next(age, peers, core.config.fanout(),
                p -> p.id().equals(core.self) || state.isInformed(p.id()), core.random)) {
            case ForwardPolicy.Stop stop -> state.stop();
            case ForwardPolicy.Push(List<PeerContact> targets) -> {
                GossipBody.Spreading copy = state.body.withAge(age);
                byte[] body = GossipCodec.encode(copy);
                for (PeerContact target : targets) {
                    state.markInformed(target.id());
                    if (core.sendEncoded(target.address(), copy.op(), body)) {
                        core.counters.add(Count.PUSHED);
                    }
                }
            }
        }
    }

    /** Not under the lock. A subscriber that throws is counted and logged; the others still get the message. */
    private void deliver(GossipMessage message) {
        for (Consumer<GossipMessage> listener : listeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                core.counters.add(Count.LISTENER_FAILURES);
                LOG.warn("gossip subscriber failed on {}", message, e);
            }
        }
    }
}
