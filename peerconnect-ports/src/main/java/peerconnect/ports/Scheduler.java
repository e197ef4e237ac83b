package peerconnect.ports;

import java.time.InstantSource;
import java.util.concurrent.Executor;
import peerconnect.domain.TaskScheduler;

/**
 * Time and threads for protocol code: runs tasks now ({@link #execute}) or later
 * ({@link #schedule}) and tells the time ({@link #clock()}). Real threads and the system clock in
 * the app; one thread and virtual time in simulations, which makes a seeded run reproducible.
 */
public interface Scheduler extends TaskScheduler, Executor {
    /** The clock tasks see; in simulations, virtual time. */
    InstantSource clock();
}
