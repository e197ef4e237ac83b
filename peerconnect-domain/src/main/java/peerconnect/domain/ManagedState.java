package peerconnect.domain;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One named step of a node's start-up, run by a {@link StateManager}: the JVM counterpart of the
 * original PeerConnect's {@code State("discovery", ..., is_blocking=True)}.
 *
 * @param name     unique within its manager; shown in status output and in errors
 * @param blocking whether the next state waits until this one's start stage has completed
 * @param start    begins the state; must not block (return a stage that completes later instead)
 * @param stop     ends the state; called at most once, possibly while the start stage is still pending
 */
public record ManagedState(String name, boolean blocking, StartAction start, StopAction stop) {

    public ManagedState {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a state needs a non-blank name");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
    }

    /** A state whose successors start only after its start stage has completed normally. */
    public static ManagedState blocking(String name, StartAction start, StopAction stop) {
        return new ManagedState(name, true, start, stop);
    }

    /** A state whose successors start as soon as its start action has returned. */
    public static ManagedState nonBlocking(String name, StartAction start, StopAction stop) {
        return new ManagedState(name, false, start, stop);
    }

    /** Begins a state. Runs on whichever thread drives the manager; must not block. */
    @FunctionalInterface
    public interface StartAction {
        /**
         * @return completes normally once the state is up, exceptionally if it cannot come up
         * @throws Exception treated exactly like a stage that completed exceptionally
         */
        CompletionStage<Void> start() throws Exception;
    }

    /**
     * Ends a state. Synchronous and bounded: close sockets, cancel timers, never wait for the network
     * (a stop may run on a single-threaded virtual-time scheduler where waiting would hang forever).
     * If the state is still starting, the stop must also abort that start.
     */
    @FunctionalInterface
    public interface StopAction {
        /** @throws Exception reported by {@link StateManager#stop()}; the other states are still stopped */
        void stop() throws Exception;
    }
}
