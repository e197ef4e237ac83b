package peerconnect.app.bench;

import java.time.Duration;

/**
 * The timing of one benchmark phase: a warm-up (JIT, socket buffers, thread wake-ups settle), then
 * the measured window. Only what happens inside the window counts.
 */
record BenchWindow(long startNanos, long endNanos) {

    /** A window that opens {@code warmup} from now and lasts {@code length}. */
    static BenchWindow after(Duration warmup, Duration length) {
        long start = System.nanoTime() + warmup.toNanos();
        return new BenchWindow(start, start + length.toNanos());
    }

    boolean started(long now) {
        return now - startNanos >= 0;
    }

    boolean ended(long now) {
        return now - endNanos >= 0;
    }

    boolean contains(long from, long to) {
        return from - startNanos >= 0 && endNanos - to >= 0;
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
