package peerconnect.ports.memory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.PriorityQueue;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Scheduler;

/**
 * Discrete-event virtual time: tasks wait in a queue ordered by due instant and, among equal
 * instants, by submission order; running a task first moves the clock to its due instant. Nothing
 * happens until the owner drives it with {@link #runUntilIdle}, {@link #runFor}, {@link #runUntil}
 * or {@link #runNext}, so a simulation of hours takes as long as its events take to compute, and the
 * same submissions always run in the same order.
 *
 * <p><b>Not thread-safe.</b> Every method, including {@link #execute} and {@link #schedule}, must be
 * called from the one thread that drives the scheduler (tasks run on it, so code running inside a
 * task may schedule freely). Handing the scheduler to code that uses its own threads breaks
 * determinism and corrupts the queue.
 *
 * <p><b>Failures.</b> A task that throws stops the run: the task is consumed, the clock stays at its
 * due instant, {@link #tasksFailed()} counts it, and the run method throws {@link TaskFailedException}
 * with the task's exception as cause, so a bug in simulated code fails the test that drives it
 * instead of vanishing. Calling a run method again continues with the next task.
 * {@link VirtualMachineError}s propagate unwrapped.
 *
 * <p><b>Cost.</b> One small object per scheduled task (it is also the task's {@link Cancellable}).
 * A cancelled task stays queued but is skipped when reached; once cancelled tasks make up more than
 * half of a large queue they are purged in one pass, so timeouts that are almost always cancelled
 * (reply deadlines) do not make the queue grow without bound.
 */
public final class VirtualTimeScheduler implements Scheduler {

    /**
     * Tasks one run may execute unless told otherwise: 100 million is well beyond a simulation of
     * 10,000 nodes exchanging a few million datagrams (minutes of CPU at most), yet ends a task that
     * reschedules itself forever instead of hanging the build.
     */
    public static final long DEFAULT_TASK_LIMIT = 100_000_000L;

    // Purging costs a pass over the queue; below this many cancelled tasks skipping them is cheaper.
    private static final int PURGE_THRESHOLD = 1024;

    private final Instant epoch;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final InstantSource clock = this::now;
    private long nowNanos;
    private long nextSequence;
    private int cancelledQueued;
    private long tasksRun;
    private long tasksFailed;

    /** A scheduler whose virtual clock starts at {@link Instant#EPOCH}. */
    public VirtualTimeScheduler() {
        this(Instant.EPOCH);
    }

    /** A scheduler whose virtual clock starts at {@code epoch}. */
    public VirtualTimeScheduler(Instant epoch) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
    }

    /** Runs {@code task} at the current virtual instant, after the tasks already due then. */
    @Override
    public void execute(Runnable task) {
        enqueue(nowNanos, Objects.requireNonNull(task, "task"));
    }

    /** Runs {@code task} once, {@code delay} of virtual time from now; a negative delay means now. */
    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return scheduleNanos(delay.isNegative() ? 0 : saturatedNanos(delay), Objects.requireNonNull(task, "task"));
    }

    /** {@link #schedule} for a delay in nanoseconds, without a {@code Duration} per call (for the network's hot path). */
    Cancellable scheduleNanos(long delayNanos, Runnable task) {
        return enqueue(fromNow(Math.max(0, delayNanos)), task);
    }

    /** The virtual clock; it moves only while the scheduler runs tasks or a run reaches its deadline. */
    @Override
    public InstantSource clock() {
        return clock;
    }

    /** The current virtual instant. */
    public Instant now() {
        return epoch.plusNanos(nowNanos);
    }

    /** Virtual time passed since the epoch. */
    public Duration elapsed() {
        return Duration.ofNanos(nowNanos);
    }

    /** Tasks run so far, including failed ones. */
    public long tasksRun() {
        return tasksRun;
    }

    /** Tasks that threw so far. */
    public long tasksFailed() {
        return tasksFailed;
    }

    /** Tasks waiting to run (cancelled ones excluded). */
    public int pendingTasks() {
        return queue.size() - cancelledQueued;
    }

    /** Whether no task waits to run. */
    public boolean isIdle() {
        return pendingTasks() == 0;
    }

    /**
     * Runs the next waiting task, if any, moving the clock to its due instant.
     *
     * @return whether a task ran
     * @throws TaskFailedException if the task threw
     */
    public boolean runNext() {
        Task next = pollLive(Long.MAX_VALUE);
        if (next == null) {
            return false;
        }
        runTask(next);
        return true;
    }

    /**
     * Runs tasks until none waits, at most {@link #DEFAULT_TASK_LIMIT}; the clock stays at the last
     * task's instant.
     *
     * @return the number of tasks run
     * @throws TaskLimitReachedException if tasks still wait after the limit
     * @throws TaskFailedException       if a task threw
     */
    public long runUntilIdle() {
        return runUntilIdle(DEFAULT_TASK_LIMIT);
    }

    /**
     * Runs tasks until none waits, at most {@code maxTasks}; the clock stays at the last task's instant.
     *
     * @return the number of tasks run
     * @throws TaskLimitReachedException if tasks still wait after {@code maxTasks}
     * @throws TaskFailedException       if a task threw
     */
    public long runUntilIdle(long maxTasks) {
        return run(Long.MAX_VALUE, maxTasks);
    }

    /**
     * Runs every task due within {@code duration} from now, then moves the clock to that instant.
     *
     * @return the number of tasks run
     * @see #runUntil(Instant, long)
     */
    public long runFor(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("virtual time does not run backwards: " + duration);
        }
        return run(fromNow(saturatedNanos(duration)), DEFAULT_TASK_LIMIT);
    }

    /**
     * Runs every task due at or before {@code deadline}, then moves the clock to {@code deadline}.
     *
     * @return the number of tasks run
     * @see #runUntil(Instant, long)
     */
    public long runUntil(Instant deadline) {
        return runUntil(deadline, DEFAULT_TASK_LIMIT);
    }

    /**
     * Runs every task due at or before {@code deadline}, at most {@code maxTasks}, then moves the
     * clock to {@code deadline}.
     *
     * @return the number of tasks run
     * @throws IllegalArgumentException  if {@code deadline} is before now
     * @throws TaskLimitReachedException if tasks due by {@code deadline} still wait after {@code maxTasks}
     * @throws TaskFailedException       if a task threw (the clock then stays at that task's instant)
     */
    public long runUntil(Instant deadline, long maxTasks) {
        Duration sinceEpoch = Duration.between(epoch, deadline);
        if (sinceEpoch.isNegative() || saturatedNanos(sinceEpoch) < nowNanos) {
            throw new IllegalArgumentException("virtual time does not run backwards: now " + now()
                    + ", deadline " + deadline);
        }
        return run(saturatedNanos(sinceEpoch), maxTasks);
    }

    @Override
    public String toString() {
        return "VirtualTimeScheduler[now=" + now() + ", pending=" + pendingTasks() + ", run=" + tasksRun
                + ", failed=" + tasksFailed + "]";
    }

    private long run(long deadlineNanos, long maxTasks) {
        if (maxTasks <= 0) {
            throw new IllegalArgumentException("maxTasks must be positive: " + maxTasks);
        }
        long ran = 0;
        Task next;
        while ((next = pollLive(deadlineNanos)) != null) {
            if (ran == maxTasks) {
                queue.add(next); // keeps its place: ordering is by (due, sequence), both unchanged
                throw new TaskLimitReachedException("stopped after " + maxTasks + " tasks at " + now() + " with "
                        + pendingTasks() + " still waiting");
            }
            ran++;
            runTask(next);
        }
        if (deadlineNanos != Long.MAX_VALUE && deadlineNanos > nowNanos) {
            nowNanos = deadlineNanos;
        }
        return ran;
    }

    /** Removes and returns the first live task due at or before {@code deadlineNanos}, dropping cancelled ones. */
    private Task pollLive(long deadlineNanos) {
        Task head;
        while ((head = queue.peek()) != null) {
            if (head.task == null) {
                queue.poll();
                cancelledQueued--;
            } else if (head.due <= deadlineNanos) {
                return queue.poll();
            } else {
                return null;
            }
        }
        return null;
    }

    private void runTask(Task next) {
        nowNanos = next.due;
        Runnable task = next.task;
        next.task = null; // a later cancel() is then a no-op, and the closure can be collected
        tasksRun++;
        try {
            task.run();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            tasksFailed++;
            throw new TaskFailedException("task " + task + " failed at virtual time " + now(), failure);
        }
    }

    private Task enqueue(long due, Runnable task) {
        Task t = new Task(due, nextSequence++, task);
        queue.add(t);
        return t;
    }

    private void cancelled() {
        cancelledQueued++;
        if (cancelledQueued >= PURGE_THRESHOLD && cancelledQueued > queue.size() / 2) {
            queue.removeIf(t -> t.task == null);
            cancelledQueued = 0;
        }
    }

    /** Virtual time {@code nanos} (non-negative) from now, saturating instead of overflowing. */
    private long fromNow(long nanos) {
        return nanos > Long.MAX_VALUE - nowNanos ? Long.MAX_VALUE : nowNanos + nanos;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** A queued task; {@code task == null} once it ran or was cancelled. */
    private final class Task implements Cancellable, Comparable<Task> {
        final long due;
        final long sequence;
        Runnable task;

        Task(long due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            if (task != null) {
                task = null;
                cancelled();
            }
        }

        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
