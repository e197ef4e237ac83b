/**
 * The in-memory network: the reference {@link peerconnect.ports.DatagramTransport} adapter that every
 * simulation and property test runs on.
 *
 * <p>{@link peerconnect.ports.memory.VirtualTimeScheduler} provides discrete-event virtual time on
 * the calling thread; {@link peerconnect.ports.memory.InMemoryNetwork} hands out endpoints and moves
 * datagrams between them on that scheduler under seeded {@link peerconnect.ports.memory.NetworkConditions}
 * (loss, latency, jitter, duplication) and partitions. Given the same seed and the same calls, a run
 * is the same run, event for event. Neither class is thread-safe: both are driven by the one thread
 * that runs the scheduler.
 */
package peerconnect.ports.memory;
