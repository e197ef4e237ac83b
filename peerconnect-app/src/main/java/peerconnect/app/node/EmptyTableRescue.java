package peerconnect.app.node;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.Scheduler;

/**
 * An empty routing table is an emergency: while the node is alone, it asks every way it has at once
 * (the given peers, the saved contacts, a discovery announcement), first after {@link Schedule#first}
 * and then doubling up to {@link Schedule#max}; once it has a peer it only checks now and then, and
 * starts again from the short delay the moment it is alone again. This holds with multicast off too,
 * where discovery's own rounds have no one to announce to.
 *
 * <p>The timing is the pure {@link #decide}; this class only runs it on the injected scheduler.
 */
public final class EmptyTableRescue implements CounterSource {
    private static final Logger LOG = LoggerFactory.getLogger(EmptyTableRescue.class);

    /**
     * When to rescue.
     *
     * @param first how long after start (or after the table emptied) the first rescue comes
     * @param max   the longest wait between two rescues while alone
     * @param calm  how often a node with peers checks whether it is alone again
     */
    public record Schedule(Duration first, Duration max, Duration calm) {
        /** Checks the delays are positive and ordered. */
        public Schedule {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(calm, "calm");
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || calm.isNegative() || calm.isZero()) {
                throw new IllegalArgumentException("need 0 < first <= max and calm > 0: " + first + " " + max + " " + calm);
            }
        }

        /**
         * 250 ms doubling to 30 s, checked every second when joined: a peer a few metres away answers
         * within milliseconds, so the first tries come fast; 30 s bounds the traffic of a node left
         * alone for hours to a few datagrams a minute; a second is how long an emptied table waits.
         */
        public static Schedule defaults() {
            return new Schedule(Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(1));
        }
    }

    /** What to do at a check: rescue now (then check again after {@code next}), or only check again. */
    public sealed interface Step {
        /** When to check again. */
        Duration next();

        /** Alone: ask everyone now. @param next when to check again */
        record Rescue(Duration next) implements Step { }

        /** Not alone: nothing to do. @param next when to check again */
        record Calm(Duration next) implements Step { }
    }

    private final BooleanSupplier alone;
    private final Runnable rescue;
    private final Scheduler scheduler;
    private final Schedule schedule;
    private final Object lock = new Object();
    private final LongAdder rescues = new LongAdder();
    private int inARow; // guarded by lock
    private boolean stopped; // guarded by lock
    private Cancellable next = () -> { }; // guarded by lock

    /**
     * @param alone     whether the routing table is empty now; must not block
     * @param rescue    asks the given peers, the saved contacts and discovery at once; must not block
     * @param scheduler runs the checks
     * @param schedule  the delays
     */
    public EmptyTableRescue(BooleanSupplier alone, Runnable rescue, Scheduler scheduler, Schedule schedule) {
        this.alone = Objects.requireNonNull(alone, "alone");
        this.rescue = Objects.requireNonNull(rescue, "rescue");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * The step at a check, from whether the node is alone and how many rescues came right before: the
     * wait after the {@code n}-th rescue in a row is {@code first * 2^n}, at most {@code max}.
     */
    public static Step decide(boolean alone, int rescuesInARow, Schedule s) {
        if (!alone) {
            return new Step.Calm(s.calm());
        }
        long delay = s.first().toMillis();
        long cap = s.max().toMillis();
        for (int i = 0; i < rescuesInARow && delay < cap; i++) {
            delay = Math.min(cap, delay * 2);
        }
        return new Step.Rescue(Duration.ofMillis(delay));
    }

    /** Schedules the first check after {@link Schedule#first}: the node's own start already asked everyone once. */
    public void start() {
        synchronized (lock) {
            if (!stopped) {
                next = scheduler.schedule(schedule.first(), this::check);
            }
        }
    }

    /** No more checks. Idempotent. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            next.cancel();
        }
    }

    /** Rescues so far. */
    public long rescues() {
        return rescues.sum();
    }

    @Override
    public void reportCounters(CounterSink sink) {
        sink.counter("node.emptyTableRescues", rescues.sum());
    }

    private void check() {
        boolean isAlone = alone.getAsBoolean();
        Step step;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            step = decide(isAlone, inARow, schedule);
            inARow = step instanceof Step.Rescue ? inARow + 1 : 0;
            next = scheduler.schedule(step.next(), this::check);
        }
        if (step instanceof Step.Rescue) {
            rescues.increment();
            LOG.debug("routing table empty: asking given peers, saved contacts and discovery (rescue {} in a row,"
                    + " next check in {} ms)", inARow, step.next().toMillis());
            rescue.run();
        }
    }
}
