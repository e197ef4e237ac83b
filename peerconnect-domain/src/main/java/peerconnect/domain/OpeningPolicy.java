package peerconnect.domain;

/**
 * Where sealed datagrams are opened, for a dispatcher built to
 * {@linkplain DispatcherBuilder#openSealsOnWorkersWhenBusy offload}: on the receiving thread, or handed
 * to the dispatcher's workers through the {@link OpeningLane}. A hand-off is not free: waking a worker costs about as much CPU
 * as opening a small datagram (docs/BENCHMARKS.md, bench udp), so it pays only when the receiving
 * thread would otherwise fall behind. The measure is the work itself: the time spent opening,
 * decoding and routing sealed datagrams, on whatever thread, as a share of the time that passed. Above
 * {@link #OFFLOAD_ABOVE} of one thread the receiving thread is close to saturated and the workers
 * open in parallel; below {@link #INLINE_BELOW} it opens again itself. The gap between the two keeps
 * the mode from flapping at the edge.
 *
 * <p>Pure: the decision is a function of the mode and the two times. A clock that does not move
 * while work is done (virtual time, a test's hand-moved clock) shows no load, so simulations open on
 * the receiving thread, one datagram after the other, as they always did.
 */
final class OpeningPolicy {
    /**
     * Half a thread: the receiving thread also spends time in the socket read itself (about as long as
     * the pipeline's work on a small datagram, on loopback), so at half its time in the pipeline it has
     * little to spare.
     */
    static final double OFFLOAD_ABOVE = 0.5;
    /** A third of a thread: well below the offload level, so one busy window does not switch back and forth. */
    static final double INLINE_BELOW = 0.3;

    private OpeningPolicy() {
    }

    /**
     * Whether the next window's sealed datagrams go to the workers.
     *
     * @param offloading  whether this window's did
     * @param busyNanos   time spent opening and routing sealed datagrams in this window, summed over threads
     * @param elapsedNanos time the window lasted; zero or less (a clock standing still) keeps the mode
     */
    static boolean offload(boolean offloading, long busyNanos, long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return offloading;
        }
        double share = (double) busyNanos / elapsedNanos;
        return offloading ? share >= INLINE_BELOW : share > OFFLOAD_ABOVE;
    }
}
