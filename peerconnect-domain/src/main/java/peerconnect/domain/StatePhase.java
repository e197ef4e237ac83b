package peerconnect.domain;

/**
 * Where one {@link ManagedState} is in its life, as {@link StateManager#snapshot()} shows it.
 *
 * <pre>
 * NEW ──► STARTING ──► RUNNING ──► STOPPING ──► STOPPED
 *            │  │                     ▲
 *            │  └─────────────────────┘  (stopped while still starting)
 *            └──► FAILED
 * </pre>
 *
 * A state whose start fails is {@link #FAILED} and is not stopped by the manager: a failed start
 * cleans up after itself. A state stopped while still {@link #STARTING} goes straight to
 * {@link #STOPPING}; its start's late outcome is ignored. States never started stay {@link #NEW}.
 */
public enum StatePhase {
    /** Not started (yet, or ever: a state after a failed or stopped one is never started). */
    NEW,
    /** Its start action has been called and its start stage has not completed. */
    STARTING,
    /** Its start stage completed normally. */
    RUNNING,
    /** Its start action threw or its start stage completed exceptionally. Terminal. */
    FAILED,
    /** Its stop action is running. */
    STOPPING,
    /** Its stop action has returned or thrown (the status then carries the failure). Terminal. */
    STOPPED;

    /** The one place that says which transitions exist. */
    public boolean canMoveTo(StatePhase next) {
        return switch (this) {
            case NEW -> next == STARTING;
            case STARTING -> next == RUNNING || next == FAILED || next == STOPPING;
            case RUNNING -> next == STOPPING;
            case STOPPING -> next == STOPPED;
            case FAILED, STOPPED -> false;
        };
    }

    /** Started or starting, so the state's stop action is still owed. */
    public boolean needsStop() {
        return this == STARTING || this == RUNNING;
    }
}
