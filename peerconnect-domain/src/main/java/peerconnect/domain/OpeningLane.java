package peerconnect.domain;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Sealed datagrams admitted by the rate limits, waiting to be opened by the dispatcher's executor
 * instead of on the receive thread, while the {@link OpeningPolicy} finds that thread busy: it then
 * only reads, admits and copies, and the cipher work runs on other cores beside the next receive
 * instead of before it. Bounded: a full lane refuses the datagram, which the pipeline sheds and counts. At most
 * {@code maxDrainers} tasks drain it at once, each up to {@code batchSize} datagrams per turn before
 * yielding its thread. Thread-safe.
 */
final class OpeningLane {
    private static final System.Logger LOG = System.getLogger(OpeningLane.class.getName());

    private record Sealed(NodeAddress from, byte[] datagram) {
    }

    private final ArrayDeque<Sealed> waiting = new ArrayDeque<>();
    private final int capacity;
    private final int batchSize;
    private final int maxDrainers;
    private final Executor executor;
    private final BiConsumer<NodeAddress, ByteBuffer> opener;
    private int drainers; // guarded by this

    OpeningLane(int capacity, int batchSize, int maxDrainers, Executor executor,
                BiConsumer<NodeAddress, ByteBuffer> opener) {
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.maxDrainers = maxDrainers;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Queues a copy of a sealed datagram for opening; false if the lane is full. */
    boolean offer(NodeAddress from, byte[] datagram) {
        synchronized (this) {
            if (waiting.size() >= capacity) {
                return false;
            }
            waiting.add(new Sealed(from, datagram));
            if (drainers >= maxDrainers) {
                return true;
            }
            drainers++;
        }
        runTurn();
        return true;
    }

    /** Datagrams waiting now. */
    synchronized int size() {
        return waiting.size();
    }

    private void runTurn() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                drainers--;
            }
            LOG.log(Level.WARNING, "executor refused a seal opener; " + size() + " sealed datagrams stay queued", e);
        }
    }

    private void drain() {
        List<Sealed> batch = new ArrayList<>(batchSize);
        synchronized (this) {
            for (int i = 0; i < batchSize && !waiting.isEmpty(); i++) {
                batch.add(waiting.poll());
            }
        }
        for (Sealed s : batch) {
            opener.accept(s.from(), ByteBuffer.wrap(s.datagram()));
        }
        synchronized (this) {
            if (waiting.isEmpty()) {
                drainers--;
                return;
            }
        }
        runTurn(); // yield the thread between batches, keeping the drainer's slot
    }
}
