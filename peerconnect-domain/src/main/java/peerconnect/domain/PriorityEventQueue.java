package peerconnect.domain;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of events in {@link EventPriority} lanes. When full, a new event displaces the
 * newest event of the lowest non-empty lane below it, or is itself refused. Thread-safe; one lock,
 * taken once per offer and once per batch.
 */
final class PriorityEventQueue {
    private static final EventPriority[] LANES = EventPriority.values();

    private final int capacity;
    private final ArrayDeque<RequestEvent>[] lanes;
    private final ReentrantLock lock = new ReentrantLock();
    private int size;
    private int highWater;

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array cannot be created directly
    PriorityEventQueue(int capacity) {
        this.capacity = capacity;
        this.lanes = new ArrayDeque[LANES.length];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new ArrayDeque<>();
        }
    }

    /**
     * Adds {@code event}. Returns {@code null} if nothing was lost, otherwise the event that was shed
     * (a displaced lower-priority one, or {@code event} itself).
     */
    RequestEvent offer(RequestEvent event, EventPriority priority) {
        lock.lock();
        try {
            RequestEvent shed = null;
            if (size == capacity) {
                int lowest = lowestNonEmptyLane();
                if (lowest <= priority.ordinal()) {
                    return event;
                }
                shed = lanes[lowest].pollLast();
                size--;
            }
            lanes[priority.ordinal()].addLast(event);
            size++;
            if (size > highWater) {
                highWater = size;
            }
            return shed;
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code max} events, highest priority first, into {@code out}. */
    void pollBatch(List<RequestEvent> out, int max) {
        lock.lock();
        try {
            for (int i = 0; i < lanes.length && out.size() < max; i++) {
                ArrayDeque<RequestEvent> lane = lanes[i];
                while (out.size() < max && !lane.isEmpty()) {
                    out.add(lane.pollFirst());
                    size--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes every queued event into {@code out}. */
    void drainTo(List<RequestEvent> out) {
        pollBatch(out, Integer.MAX_VALUE);
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return size == 0;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    int highWater() {
        lock.lock();
        try {
            return highWater;
        } finally {
            lock.unlock();
        }
    }

    private int lowestNonEmptyLane() {
        for (int i = lanes.length - 1; i >= 0; i--) {
            if (!lanes[i].isEmpty()) {
                return i;
            }
        }
        return -1;
    }
}
