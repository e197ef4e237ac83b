package peerconnect.app.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import peerconnect.domain.Cancellable;
import peerconnect.domain.PeerContact;
import peerconnect.ports.Gossip;
import peerconnect.ports.GossipMessage;

/**
 * Feeds a {@link HookRunner} from a running node: every rumor delivered to it as a gossip event, and
 * joins and leaves as the difference of two snapshots of its routing table, taken every
 * {@link #POLL} on a thread of its own (peer changes come from lookups and timeouts of a second and
 * more; a quarter second between looks is quick enough to tell, and costs one copy of the table).
 */
public final class EventHooks implements AutoCloseable {
    /** How often the routing table is looked at for joins and leaves. */
    public static final Duration POLL = Duration.ofMillis(250);

    private final HookRunner runner;
    private final Supplier<? extends Iterable<PeerContact>> peers;
    private final ScheduledExecutorService poller;
    private final Cancellable subscription;
    private Set<PeerContact> last;

    private EventHooks(HookRunner runner, Gossip gossip, Supplier<? extends Iterable<PeerContact>> peers) {
        this.runner = runner;
        this.peers = peers;
        this.last = snapshot();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peerconnect-hook-watch");
            t.setDaemon(true);
            return t;
        });
        this.subscription = gossip.subscribe(this::delivered);
    }

    /**
     * Starts watching. The peers known at the start are not reported as joins: the hooks hear of
     * changes from then on, as Serf's do.
     *
     * @param peers the routing table's contacts now (a fresh copy on every call)
     */
    public static EventHooks start(HookRunner runner, Gossip gossip, Supplier<? extends Iterable<PeerContact>> peers) {
        EventHooks hooks = new EventHooks(Objects.requireNonNull(runner, "runner"), gossip, peers);
        hooks.poller.scheduleWithFixedDelay(hooks::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        return hooks;
    }

    /** The events that take the table from {@code before} to {@code after}: leaves first, then joins. */
    static List<HookEvent> changes(Set<PeerContact> before, Set<PeerContact> after) {
        List<HookEvent> events = new ArrayList<>();
        for (PeerContact p : before) {
            if (!after.contains(p)) {
                events.add(new HookEvent.Leave(p));
            }
        }
        for (PeerContact p : after) {
            if (!before.contains(p)) {
                events.add(new HookEvent.Join(p));
            }
        }
        return events;
    }

    private void delivered(GossipMessage message) {
        runner.fire(new HookEvent.Gossip(message.id(), message.origin(), message.payload()));
    }

    private void poll() {
        try {
            Set<PeerContact> now = snapshot();
            changes(last, now).forEach(runner::fire);
            last = now;
        } catch (RuntimeException e) {
            // A snapshot taken while the node stops; the next look (or close) settles it.
        }
    }

    private Set<PeerContact> snapshot() {
        Set<PeerContact> now = new LinkedHashSet<>();
        peers.get().forEach(now::add);
        return now;
    }

    /** Stops watching and stops the runner (running hooks are killed). */
    @Override
    public void close() {
        subscription.cancel();
        poller.shutdownNow();
        runner.close();
    }
}
