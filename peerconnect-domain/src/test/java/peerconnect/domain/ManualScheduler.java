package peerconnect.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;

/** A test executor and timer on manual virtual time: nothing runs until the test says so. */
final class ManualScheduler implements Scheduler {
    private record Task(long due, long seq, Runnable body, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long seq;
    private int executed;

    @Override
    public void execute(Runnable command) {
        executed++;
        tasks.add(new Task(now, seq++, command, new boolean[1]));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(now + delay.toNanos(), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public InstantSource clock() {
        return () -> Instant.EPOCH.plusNanos(now);
    }

    /** Runs every task due by now, including those they schedule for now. */
    void runReady() {
        while (!tasks.isEmpty() && tasks.peek().due() <= now) {
            Task t = tasks.poll();
            if (!t.cancelled()[0]) {
                t.body().run();
            }
        }
    }

    /** Moves time forward by {@code d}, running what falls due on the way in order. */
    void advance(Duration d) {
        long end = now + d.toNanos();
        while (!tasks.isEmpty() && tasks.peek().due() <= end) {
            now = Math.max(now, tasks.peek().due());
            runReady();
        }
        now = end;
        runReady();
    }

    /** How many times {@link #execute} was called. */
    int executeCalls() {
        return executed;
    }
}
