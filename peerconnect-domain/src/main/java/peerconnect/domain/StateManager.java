package peerconnect.domain;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a node's {@linkplain ManagedState states} in order and stops them in reverse.
 *
 * <p><b>Start.</b> {@link #start()} calls each state's start action in list order. After a
 * {@linkplain ManagedState#blocking() blocking} state it waits (without holding a thread) until that
 * state's start stage has completed normally; after a non-blocking one it goes straight on. The
 * returned stage completes
 * <ul>
 *   <li>normally once every state's start stage has completed normally (non-blocking ones included);
 *   <li>with {@link StateFailedException} naming the first state whose start failed. States after it
 *       are not started; those after it that were already started (possible when it is non-blocking)
 *       are stopped in reverse order first, since later states depend on earlier ones, and failures of
 *       those stops are attached as suppressed exceptions. States before it keep running until
 *       {@link #stop()}. A later failure of another, earlier non-blocking state likewise stops the
 *       states after it, and shows in {@link #snapshot()} and to the listener only;
 *   <li>with {@link StartAbortedException} if {@link #stop()} is called first.
 * </ul>
 *
 * <p><b>Stop.</b> {@link #stop()} calls the stop action of every state that is running or still
 * starting, once each, in reverse start order, even when some throw; no state is started after it has
 * been called. A state whose start failed is not stopped (a failed start cleans up after itself).
 *
 * <p><b>Threads.</b> The manager has none. Every step runs on the thread that calls {@code start()} or
 * {@code stop()}, or that completes a start stage; steps are serialized without locks (a caller that
 * finds another thread mid-step leaves its step to that thread and returns at once), so nothing ever
 * blocks and the manager works on a single-threaded virtual-time scheduler. That is also why both
 * methods return a future: a step handed to another thread completes it later. Actions and listener
 * run one at a time, never concurrently with each other.
 */
public final class StateManager {
    private static final System.Logger LOG = System.getLogger(StateManager.class.getName());

    private enum Lifecycle { NEW, STARTING, STARTED, FAILED, STOPPED }

    /** One state and its current status; status is written only inside steps, read by {@link #snapshot()}. */
    private static final class Slot {
        final int index;
        final ManagedState state;
        volatile StateStatus status;

        Slot(int index, ManagedState state) {
            this.index = index;
            this.state = state;
            this.status = new StateStatus(state.name(), state.blocking(), StatePhase.NEW, Optional.empty());
        }

        StatePhase phase() {
            return status.phase();
        }

        String name() {
            return state.name();
        }
    }

    private final List<Slot> slots;
    private final StateListener listener;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** Set by stop() before its step is queued, so a step already running starts nothing more. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private final Queue<Runnable> steps = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedSteps = new AtomicInteger();

    // Touched only inside steps, which the queuedSteps hand-off orders one after the other.
    private Lifecycle lifecycle = Lifecycle.NEW;
    private int nextToStart;
    private int starting;

    /** A manager of {@code states}, in start order, with no listener. */
    public StateManager(List<ManagedState> states) {
        this(states, StateListener.NONE);
    }

    /**
     * @param states   in start order; names must be unique
     * @param listener told of every phase change
     * @throws IllegalArgumentException if two states share a name
     */
    public StateManager(List<ManagedState> states, StateListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        Set<String> names = new HashSet<>();
        List<Slot> list = new ArrayList<>(states.size());
        for (ManagedState state : states) {
            if (!names.add(Objects.requireNonNull(state, "state").name())) {
                throw new IllegalArgumentException("two states are named '" + state.name() + "'");
            }
            list.add(new Slot(list.size(), state));
        }
        this.slots = List.copyOf(list);
    }

    /**
     * Starts the states in order; see the class comment for when the result completes. Never blocks.
     * Calling it again returns the outcome of the first call.
     */
    public CompletableFuture<Void> start() {
        serialize(this::beginStart);
        return started.copy();
    }

    /**
     * Stops every started or starting state in reverse start order; see the class comment. Never blocks.
     * Idempotent: every call returns the outcome of the first one.
     *
     * @return completes normally once all are stopped, or with {@link StopFailedException} listing the
     *         stop actions that threw (the other states were still stopped)
     */
    public CompletableFuture<Void> stop() {
        if (stopRequested.compareAndSet(false, true)) {
            serialize(this::stopAll);
        }
        return stopped.copy();
    }

    /** Every state's status, in start order. Each entry is consistent; the list is not one atomic cut. */
    public List<StateStatus> snapshot() {
        return slots.stream().map(slot -> slot.status).toList();
    }

    private void beginStart() {
        if (lifecycle != Lifecycle.NEW) {
            return;
        }
        lifecycle = Lifecycle.STARTING;
        startNext();
    }

    /** Starts states from {@link #nextToStart} up to and including the next blocking one. */
    private void startNext() {
        while (lifecycle == Lifecycle.STARTING && !stopRequested.get() && nextToStart < slots.size()) {
            Slot slot = slots.get(nextToStart++);
            move(slot, StatePhase.STARTING, Optional.empty());
            starting++;
            try {
                CompletionStage<Void> stage = Objects.requireNonNull(slot.state.start().start(),
                        () -> "the start action of '" + slot.name() + "' returned null");
                stage.whenComplete((ignored, error) -> serialize(() -> startCompleted(slot, error)));
            } catch (Throwable t) {
                startFailed(slot, t);
                return;
            }
            if (slot.state.blocking()) {
                return; // startCompleted resumes here
            }
        }
        finishStartIfDone();
    }

    private void startCompleted(Slot slot, Throwable error) {
        if (slot.phase() != StatePhase.STARTING) {
            return; // stopped while starting: the outcome no longer matters
        }
        if (error != null) {
            startFailed(slot, unwrap(error));
            return;
        }
        starting--;
        move(slot, StatePhase.RUNNING, Optional.empty());
        if (slot.state.blocking()) {
            startNext();
        } else {
            finishStartIfDone();
        }
    }

    private void startFailed(Slot slot, Throwable cause) {
        starting--;
        move(slot, StatePhase.FAILED, Optional.of(cause));
        List<StateFailedException> stopFailures = stopFrom(slot.index + 1);
        if (lifecycle == Lifecycle.STARTING) {
            lifecycle = Lifecycle.FAILED;
            StateFailedException failure = new StateFailedException(slot.name(), StatePhase.STARTING, cause);
            stopFailures.forEach(failure::addSuppressed);
            started.completeExceptionally(failure);
        }
    }

    private void finishStartIfDone() {
        if (lifecycle == Lifecycle.STARTING && nextToStart == slots.size() && starting == 0) {
            lifecycle = Lifecycle.STARTED;
            started.complete(null);
        }
    }

    private void stopAll() {
        boolean wasStarting = lifecycle == Lifecycle.NEW || lifecycle == Lifecycle.STARTING;
        lifecycle = Lifecycle.STOPPED;
        List<StateFailedException> failures = stopFrom(0);
        if (wasStarting) {
            List<String> notStarted = slots.subList(nextToStart, slots.size()).stream().map(Slot::name).toList();
            started.completeExceptionally(new StartAbortedException(
                    "stop() was called before start() finished; states never started: " + notStarted));
        }
        if (failures.isEmpty()) {
            stopped.complete(null);
        } else {
            stopped.completeExceptionally(new StopFailedException(failures));
        }
    }

    /** Stops, last first, every state from {@code fromIndex} on that is running or starting. */
    private List<StateFailedException> stopFrom(int fromIndex) {
        List<StateFailedException> failures = new ArrayList<>();
        for (int i = slots.size() - 1; i >= fromIndex; i--) {
            Slot slot = slots.get(i);
            if (slot.phase().needsStop()) {
                stopOne(slot).ifPresent(failures::add);
            }
        }
        return failures;
    }

    private Optional<StateFailedException> stopOne(Slot slot) {
        if (slot.phase() == StatePhase.STARTING) {
            starting--;
        }
        move(slot, StatePhase.STOPPING, Optional.empty());
        Optional<Throwable> failure = Optional.empty();
        try {
            slot.state.stop().stop();
        } catch (Throwable t) {
            failure = Optional.of(t);
        }
        move(slot, StatePhase.STOPPED, failure);
        return failure.map(t -> new StateFailedException(slot.name(), StatePhase.STOPPING, t));
    }

    private void move(Slot slot, StatePhase to, Optional<Throwable> failure) {
        StatePhase from = slot.phase();
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("state '" + slot.name() + "' cannot move from " + from + " to " + to);
        }
        StateStatus now = new StateStatus(slot.name(), slot.state.blocking(), to, failure);
        slot.status = now;
        try {
            listener.onTransition(from, now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "state listener failed on '" + slot.name() + "' " + from + " -> " + to, e);
        }
    }

    /**
     * Runs {@code step} now, or, if another call is mid-step (on this thread, re-entered from an
     * action, or on another thread), queues it for that call to run next. Keeps steps one at a time
     * without a lock and keeps the stack flat when start stages complete synchronously.
     */
    private void serialize(Runnable step) {
        steps.add(step);
        if (queuedSteps.getAndIncrement() != 0) {
            return;
        }
        do {
            Runnable next = steps.poll();
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // Only a bug in this class gets here (actions and the listener are guarded); keep draining.
                LOG.log(Level.ERROR, "state manager step failed", e);
            }
        } while (queuedSteps.decrementAndGet() != 0);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
