package peerconnect.domain;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anti-replay for sealed datagrams, as in IPsec and DTLS: per sender, the highest nonce counter
 * accepted and a bitmap of the {@value #WINDOW} counters up to it. A counter above the highest is
 * accepted and slides the window; one inside the window is accepted once (reordering is fine); one
 * below the window, or already marked, is a replay.
 *
 * <p>A sender is its nonce prefix (the first 4 nonce bytes, random when its seal was made, so one
 * prefix is one run of one node). The source address is deliberately not part of the key: a replay
 * from another address must still be caught. Counters compare modulo 2^64, so a counter that wraps
 * past zero still counts as newer.
 *
 * <p>The sender table holds at most {@code maxSenders} prefixes and forgets the least recently used
 * one beyond that. A forgotten sender's datagrams still inside its old window could then be accepted
 * once more, which is why the default bound is generous. Only datagrams whose tag verified may be
 * shown to this class, so only key holders can create entries. Thread-safe (one lock: the work per
 * datagram is a map lookup and a few bit operations).
 */
public final class ReplayWindow {
    /** Counters remembered per sender below its highest (a power of two). */
    public static final int WINDOW = 1024;
    /** Senders remembered by {@link #create()}. */
    public static final int DEFAULT_MAX_SENDERS = 4096;

    private final int maxSenders;
    private final Map<Integer, Sender> senders;

    private ReplayWindow(int maxSenders) {
        if (maxSenders < 1) {
            throw new IllegalArgumentException("max senders must be at least 1, got " + maxSenders);
        }
        this.maxSenders = maxSenders;
        this.senders = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Sender> eldest) {
                return size() > ReplayWindow.this.maxSenders;
            }
        };
    }

    /** A window remembering {@value #DEFAULT_MAX_SENDERS} senders. */
    public static ReplayWindow create() {
        return new ReplayWindow(DEFAULT_MAX_SENDERS);
    }

    /** A window remembering at most {@code maxSenders} senders (at least 1). */
    public static ReplayWindow withMaxSenders(int maxSenders) {
        return new ReplayWindow(maxSenders);
    }

    /**
     * Whether the datagram with this nonce is new; if so it is marked, so the same nonce is refused
     * from now on. Call only for datagrams whose tag verified.
     */
    public synchronized boolean accept(int noncePrefix, long counter) {
        Sender sender = senders.get(noncePrefix);
        if (sender == null) {
            senders.put(noncePrefix, new Sender(counter));
            return true;
        }
        return sender.accept(counter);
    }

    /** Senders currently remembered; never above {@link #maxSenders()}. */
    public synchronized int senders() {
        return senders.size();
    }

    public int maxSenders() {
        return maxSenders;
    }

    @Override
    public String toString() {
        return "ReplayWindow[" + WINDOW + " counters, max " + maxSenders + " senders]";
    }

    /** One sender's highest counter and a ring bitmap indexed by counter modulo {@link #WINDOW}. */
    private static final class Sender {
        private final long[] seen = new long[WINDOW / Long.SIZE];
        private long highest;

        Sender(long first) {
            highest = first;
            mark(first);
        }

        boolean accept(long counter) {
            long ahead = counter - highest; // modulo 2^64: wrap-around stays "ahead"
            if (ahead > 0) {
                if (ahead >= WINDOW) {
                    Arrays.fill(seen, 0L);
                } else {
                    for (long c = highest + 1; c != counter; c++) {
                        clear(c); // slots now reused for counters that were never seen
                    }
                }
                highest = counter;
                mark(counter);
                return true;
            }
            if (ahead <= -WINDOW || isMarked(counter)) {
                return false;
            }
            mark(counter);
            return true;
        }

        private void mark(long counter) {
            int i = (int) (counter & (WINDOW - 1));
            seen[i >>> 6] |= 1L << (i & 63);
        }

        private void clear(long counter) {
            int i = (int) (counter & (WINDOW - 1));
            seen[i >>> 6] &= ~(1L << (i & 63));
        }

        private boolean isMarked(long counter) {
            int i = (int) (counter & (WINDOW - 1));
            return (seen[i >>> 6] & (1L << (i & 63))) != 0;
        }
    }
}
