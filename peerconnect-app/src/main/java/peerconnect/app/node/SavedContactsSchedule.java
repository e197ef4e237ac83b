package peerconnect.app.node;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import peerconnect.app.store.SavedContacts;
import peerconnect.domain.Cancellable;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.Scheduler;
import peerconnect.ports.NodeStateStore;

/**
 * Saves the routing table's addresses to the data directory every {@code every} and once more at
 * stop, so a restarted node finds its peers again without multicast.
 */
final class SavedContactsSchedule {
    private final NodeStateStore store;
    private final Scheduler scheduler;
    private final Duration every;
    private final Supplier<List<PeerContact>> contacts;
    private volatile Cancellable next = () -> { };
    private volatile Set<NodeAddress> lastSaved = Set.of();
    private volatile boolean stopped;

    SavedContactsSchedule(NodeStateStore store, Scheduler scheduler, Duration every,
                          Supplier<List<PeerContact>> contacts) {
        this.store = store;
        this.scheduler = scheduler;
        this.every = every;
        this.contacts = contacts;
    }

    /** Schedules the next save, and so on until {@link #stopAndSave}. */
    void start() {
        next = scheduler.schedule(every, () -> {
            // A save already running when the node stops must not schedule another.
            if (!stopped) {
                save();
                start();
            }
        });
    }

    /** Cancels the schedule and saves one last time. */
    void stopAndSave() {
        stopped = true;
        next.cancel();
        save();
    }

    /** The addresses saved during this run, else {@code savedAtStart} (an empty list is never saved). */
    List<NodeAddress> newest(List<NodeAddress> savedAtStart) {
        return lastSaved.isEmpty() ? savedAtStart : List.copyOf(lastSaved);
    }

    /**
     * Saves the contacts' addresses when they differ from those saved last; never saves an empty list
     * over a useful one (a node alone for a while still wants its old peers back after a restart).
     */
    private void save() {
        Set<NodeAddress> addresses = contacts.get().stream().map(PeerContact::address)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!addresses.isEmpty() && !addresses.equals(lastSaved)) {
            SavedContacts.save(store, addresses);
            lastSaved = addresses;
        }
    }
}
