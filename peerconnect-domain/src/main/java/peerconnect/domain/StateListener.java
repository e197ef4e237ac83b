package peerconnect.domain;

/**
 * Told of every phase change of every state, in the order they happen (e.g. for the app's log).
 * Called on the thread driving the manager; must be quick and must not block. An exception it
 * throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface StateListener {
    /** A listener that ignores everything. */
    StateListener NONE = (from, now) -> { };

    /**
     * @param from the phase the state left
     * @param now  the state after the change (its phase is the one entered)
     */
    void onTransition(StatePhase from, StateStatus now);
}
