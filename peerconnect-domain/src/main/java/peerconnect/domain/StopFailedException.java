package peerconnect.domain;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more stop actions threw during {@link StateManager#stop()}; every other state was still
 * stopped. Each failure is also attached as a suppressed exception, so a logged stack trace shows all.
 */
public final class StopFailedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    private final transient List<StateFailedException> failures;

    public StopFailedException(List<StateFailedException> failures) {
        super(describe(failures));
        this.failures = List.copyOf(failures);
        this.failures.forEach(this::addSuppressed);
    }

    /** The failed stops, in the order they were attempted (reverse start order). */
    public List<StateFailedException> failures() {
        return failures;
    }

    private static String describe(List<StateFailedException> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a StopFailedException needs at least one failure");
        }
        return failures.size() + " state(s) failed to stop: "
                + failures.stream().map(StateFailedException::stateName).collect(Collectors.joining(", "));
    }
}
