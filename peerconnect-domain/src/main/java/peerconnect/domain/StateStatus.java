package peerconnect.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One state as a {@link StateManager} sees it at a moment.
 *
 * @param name     the state's name
 * @param blocking whether the state is blocking
 * @param phase    where it is
 * @param failure  why its start failed ({@link StatePhase#FAILED}) or its stop threw
 *                 ({@link StatePhase#STOPPED}); empty otherwise
 */
public record StateStatus(String name, boolean blocking, StatePhase phase, Optional<Throwable> failure) {
    public StateStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(failure, "failure");
    }
}
