package peerconnect.adapter.gossip;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.Scheduler;

/**
 * What the sub-protocols of one gossip node share: its settings and id, one lock, whether it is
 * closed, the seen-set, the clock, the random generator, the way out (the dispatcher) and the
 * counters. {@link GossipEngine} makes it and hands it to each part.
 *
 * <p><b>One lock.</b> Everything marked "under the lock" here and in the parts is guarded by
 * {@link #lock}: the seen-set, the random generator, the parts' own maps. Sub-protocols touch the
 * same rumors (a digest answers with what spreading stored), so one lock per node keeps them
 * consistent; it is held only for short work that never blocks (sending only enqueues).
 */
final class GossipCore {
    private static final Logger LOG = LoggerFactory.getLogger(GossipCore.class);

    final GossipConfig config;
    final PeerId self;
    final RequestsDispatcher dispatcher;
    final Scheduler scheduler;
    final GossipCounters counters;
    final ReentrantLock lock = new ReentrantLock();
    // ---- guarded by lock ----
    /** Rumors and searches seen: what spreading, search and anti-entropy know about each. */
    final SeenSet<RumorState> seen;
    /** Draws message ids, peers and coin tosses. */
    final RandomGenerator random;
    private boolean closed;

    GossipCore(GossipConfig config, PeerId self, RequestsDispatcher dispatcher, Scheduler scheduler,
               RandomGenerator random, GossipCounters counters) {
        this.config = config;
        this.self = self;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.random = random;
        this.counters = counters;
        this.seen = new SeenSet<>(config.seenCapacity(), config.seenExpiry().toMillis(),
                config.quotas().seenProtection().toMillis(), config.quotas().maxSeenPerSource());
    }

    /** This node's clock, in milliseconds. */
    long now() {
        return scheduler.clock().millis();
    }

    /**
     * Schedules the next run of a periodic part's timer and hands its handle to {@code keep} under
     * the lock, unless the node closed meanwhile (then the run is cancelled). Not under the lock.
     */
    void scheduleWhileOpen(Duration delay, Runnable task, Consumer<Cancellable> keep) {
        Cancellable next = scheduler.schedule(delay, task);
        lock.lock();
        try {
            if (closed()) {
                next.cancel();
            } else {
                keep.accept(next);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the node was closed. Under the lock. */
    boolean closed() {
        return closed;
    }

    /** Marks the node closed; returns false if it was already. Under the lock. */
    boolean close() {
        boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }

    /** Runs {@code action} under the lock, unless the node is closed by then. Not under the lock. */
    void whileOpen(Runnable action) {
        lock.lock();
        try {
            if (!closed) {
                action.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails with {@link GossipException} if the node is closed. Under the lock. */
    void ensureOpen(String what) {
        if (closed) {
            throw new GossipException("cannot " + what + ": gossip node " + self.shortHex() + " is closed");
        }
    }

    /** A message id this node has not seen. Under the lock. */
    MessageId freshId() {
        MessageId id;
        do {
            id = MessageId.random(random);
        } while (seen.get(id.value(), now()) != null);
        return id;
    }

    /** Sends {@code body} to {@code to}; false (and counted) if the dispatcher refused it. */
    boolean send(NodeAddress to, GossipBody body) {
        return sendEncoded(to, body.op(), GossipCodec.encode(body));
    }

    /** Sends a body already encoded, so a rumor pushed to several peers is encoded once. */
    boolean sendEncoded(NodeAddress to, GossipOp op, byte[] body) {
        try {
            dispatcher.send(to, RootCode.GOSSIP, op.code(), body);
            return true;
        } catch (RuntimeException e) {
            counters.add(GossipCounters.Count.SEND_FAILURES);
            LOG.debug("could not send gossip {} to {}: {}", op, to, e.toString());
            return false;
        }
    }

    /** Counts {@code event} as refused for {@code reason}. */
    void reject(GossipRejection reason, RequestEvent event) {
        counters.rejected(reason);
        LOG.debug("rejected gossip op=0x{} from={} sender={}: {}",
                Integer.toHexString(event.message().op() & 0xff), event.from(),
                event.message().sender().shortHex(), reason);
    }
}
