package peerconnect.domain;

import java.util.Objects;

/** A state's start or stop failed; names the state and carries what went wrong as the cause. */
public final class StateFailedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    private final String stateName;
    private final StatePhase phase;

    /**
     * @param stateName the state that failed
     * @param phase     {@link StatePhase#STARTING} or {@link StatePhase#STOPPING}: what it was doing
     * @param cause     what its action threw, or what its start stage completed with
     */
    public StateFailedException(String stateName, StatePhase phase, Throwable cause) {
        super("state '" + stateName + "' failed while " + phase + ": " + cause, Objects.requireNonNull(cause, "cause"));
        this.stateName = stateName;
        this.phase = phase;
    }

    public String stateName() {
        return stateName;
    }

    /** {@link StatePhase#STARTING} or {@link StatePhase#STOPPING}. */
    public StatePhase phase() {
        return phase;
    }
}
