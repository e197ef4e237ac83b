package peerconnect.app.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Scheduler;

/**
 * Turns snapshots of the routing table into joined/suspected/left events. It polls on the node's
 * scheduler (every {@link #POLL}), computes the difference (a pure function, {@link #changes}) and
 * hands the events to {@code delivery}, which runs the listeners off the receive and timer threads.
 */
final class PeerWatch {
    /** A quarter second: peer changes come from lookups and timeouts of a second and more. */
    static final Duration POLL = Duration.ofMillis(250);

    private final Supplier<List<PeerStatus>> snapshot;
    private final Scheduler scheduler;
    private final Executor delivery;
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private final AtomicLong dropped = new AtomicLong();
    private Set<Peer> last = Set.of();
    private Set<Peer> lastSuspected = Set.of();
    private volatile boolean stopped;
    private volatile Cancellable next = () -> { };

    PeerWatch(Supplier<List<PeerStatus>> snapshot, Scheduler scheduler, Executor delivery) {
        this.snapshot = snapshot;
        this.scheduler = scheduler;
        this.delivery = delivery;
    }

    /** The events that take the table from {@code before} to {@code after}: lefts first, then joins. */
    static List<PeerEvent> changes(Set<Peer> before, Set<Peer> after) {
        return changes(before, Set.of(), after, Set.of());
    }

    /**
     * The events that take the table from {@code before} to {@code after}: lefts first, then joins,
     * then peers suspected now that were not before (a peer that joins already suspected is told as
     * joined only).
     */
    static List<PeerEvent> changes(Set<Peer> before, Set<Peer> suspectedBefore, Set<Peer> after,
                                   Set<Peer> suspectedAfter) {
        List<PeerEvent> events = new ArrayList<>();
        for (Peer p : before) {
            if (!after.contains(p)) {
                events.add(new PeerEvent.Left(p));
            }
        }
        for (Peer p : after) {
            if (!before.contains(p)) {
                events.add(new PeerEvent.Joined(p));
            }
        }
        for (Peer p : suspectedAfter) {
            if (before.contains(p) && !suspectedBefore.contains(p)) {
                events.add(new PeerEvent.Suspected(p));
            }
        }
        return events;
    }

    void start() {
        poll();
    }

    private void poll() {
        if (stopped) {
            return;
        }
        Set<Peer> now = new LinkedHashSet<>();
        Set<Peer> suspected = new LinkedHashSet<>();
        for (PeerStatus s : snapshot.get()) {
            now.add(s.peer());
            if (s.suspected()) {
                suspected.add(s.peer());
            }
        }
        List<PeerEvent> events = changes(last, lastSuspected, now, suspected);
        last = now;
        lastSuspected = suspected;
        if (!now.isEmpty()) {
            joined.complete(null);
        }
        for (PeerEvent e : events) {
            for (PeerListener l : listeners) {
                try {
                    delivery.execute(() -> l.onPeerEvent(e));
                } catch (RuntimeException full) {
                    dropped.incrementAndGet();
                }
            }
        }
        next = scheduler.schedule(POLL, this::poll);
    }

    Cancellable add(PeerListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    CompletableFuture<Void> joined() {
        return joined;
    }

    long dropped() {
        return dropped.get();
    }

    void stop() {
        stopped = true;
        next.cancel();
    }
}
