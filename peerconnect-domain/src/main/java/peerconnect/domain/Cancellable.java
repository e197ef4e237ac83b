package peerconnect.domain;

/** A scheduled task that can still be called off. */
@FunctionalInterface
public interface Cancellable {
    /** Cancels the task if it has not run yet; harmless if it has. */
    void cancel();
}
