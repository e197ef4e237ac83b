package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random start-ups driven by hand, one start stage completed at a time in a drawn order, as a
 * single-threaded virtual-time scheduler would: nothing may block, every step happens on the test thread.
 * The order, the failure style and which stop actions throw are drawn as data, so a failure shrinks to
 * in-order completion and quiet stops wherever those do not matter.
 */
class StateManagerProperties {
    private static final long SEED = 0x5EED_57A7EL;
    private static final int MAX_STATES = 8;

    /** What happened, in order: one entry per start, success, failure, stop action and stop() call. */
    private sealed interface Event {
        record Start(int state) implements Event { }
        record Ok(int state) implements Event { }
        record Fail(int state) implements Event { }
        record Stop(int state) implements Event { }
        record StopCalled() implements Event { }
    }

    /**
     * @param blocking       one flag per state
     * @param failIndex      the state whose start fails, or none if out of range
     * @param failByThrowing whether that start throws (else it returns a failed stage)
     * @param stopThrows     per state (by index, extra flags unused): whether its stop action throws
     * @param picks          per round, which pending start stage completes next: an index into the
     *                       stages pending then, in the order they were started, wrapping around
     * @param stopAfter      stop() is called before this many start stages have been completed; negative: only at the end
     */
    private record Scenario(List<Boolean> blocking, int failIndex, boolean failByThrowing, List<Boolean> stopThrows,
                            List<Integer> picks, int stopAfter) {
        int size() {
            return blocking.size();
        }
    }

    @Test
    void startsInOrderWaitsForBlockingStatesAndStopsEverythingStartedOnceInReverse() {
        // One stop action in four throws; the flag shrinks towards "does not throw".
        Gen<List<Boolean>> stopThrows = lists().of(integers().between(0, 3).map(i -> i == 3)).ofSize(MAX_STATES);
        Gen<List<Integer>> picks = lists().of(integers().between(0, MAX_STATES - 1)).ofSize(MAX_STATES + 1);
        qt().withFixedSeed(SEED).withExamples(2000)
                .forAll(lists().of(booleans().all()).ofSizeBetween(0, MAX_STATES),
                        integers().between(-1, MAX_STATES),
                        booleans().all().zip(stopThrows, picks, Choices::new),
                        integers().between(-1, MAX_STATES + 1))
                .checkAssert((blocking, failIndex, choices, stopAfter) -> run(new Scenario(blocking, failIndex,
                        choices.failByThrowing(), choices.stopThrows(), choices.picks(), stopAfter)));
    }

    /** The driver's choices, drawn together. */
    private record Choices(boolean failByThrowing, List<Boolean> stopThrows, List<Integer> picks) { }

    private static void run(Scenario s) {
        int n = s.size();
        boolean failByThrowing = s.failByThrowing();
        boolean[] stopThrows = new boolean[n];
        for (int i = 0; i < n; i++) {
            stopThrows[i] = s.stopThrows().get(i);
        }

        List<Event> log = new ArrayList<>();
        Map<Integer, CompletableFuture<Void>> pending = new HashMap<>();
        List<Integer> pendingOrder = new ArrayList<>();
        List<ManagedState> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            states.add(new ManagedState(name(i), s.blocking().get(i), () -> {
                log.add(new Event.Start(index));
                if (index == s.failIndex() && failByThrowing) {
                    log.add(new Event.Fail(index));
                    throw new IOException("start of " + name(index) + " failed");
                }
                CompletableFuture<Void> f = new CompletableFuture<>();
                pending.put(index, f);
                pendingOrder.add(index);
                return f;
            }, () -> {
                log.add(new Event.Stop(index));
                if (stopThrows[index]) {
                    throw index % 2 == 0 ? new IOException("stop of " + name(index) + " failed")
                            : new IllegalStateException("stop of " + name(index) + " failed");
                }
            }));
        }
        Map<String, StatePhase> seenByListener = new HashMap<>();
        StateManager manager = new StateManager(states, (from, now) -> {
            assertEquals(seenByListener.getOrDefault(now.name(), StatePhase.NEW), from, "listener sees each change once");
            seenByListener.put(now.name(), now.phase());
        });

        CompletableFuture<Void> started = manager.start();
        CompletableFuture<Void> stopped = null;
        boolean startDoneBeforeStop = false;
        int completed = 0;
        for (int round = 0; round <= n; round++) { // each round completes one start stage: at most n rounds
            if (stopped == null && completed == s.stopAfter()) {
                log.add(new Event.StopCalled());
                startDoneBeforeStop = started.isDone();
                stopped = manager.stop();
            }
            if (pendingOrder.isEmpty()) {
                break;
            }
            int state = pendingOrder.remove(s.picks().get(round) % pendingOrder.size());
            if (state == s.failIndex()) {
                log.add(new Event.Fail(state));
                pending.get(state).completeExceptionally(new IOException("start of " + name(state) + " failed"));
                if (stopped == null) {
                    assertRollback(manager, state);
                }
            } else {
                log.add(new Event.Ok(state));
                pending.get(state).complete(null);
            }
            completed++;
        }
        assertTrue(pendingOrder.isEmpty(), "bounded driver left start stages pending");

        boolean failedBeforeStop = log.contains(new Event.Fail(s.failIndex()))
                && (!log.contains(new Event.StopCalled())
                    || log.indexOf(new Event.Fail(s.failIndex())) < log.indexOf(new Event.StopCalled()));
        assertStartOutcome(s, manager, started, stopped != null && !startDoneBeforeStop, failedBeforeStop);

        if (stopped == null) {
            log.add(new Event.StopCalled());
            stopped = manager.stop();
        }
        assertTrue(stopped.isDone(), "stop() on the driving thread finishes at once");
        assertStartOrder(s, log);
        assertStops(s, manager, log, stopThrows, started, stopped);
        assertEquals(seenByListener.keySet().size(), manager.snapshot().stream()
                .filter(st -> st.phase() != StatePhase.NEW).count());
        manager.snapshot().forEach(st ->
                assertEquals(st.phase(), seenByListener.getOrDefault(st.name(), StatePhase.NEW), st.name()));
    }

    /** Right after a failure: everything after the failed state is stopped or never started, everything before still up. */
    private static void assertRollback(StateManager manager, int failed) {
        List<StateStatus> snapshot = manager.snapshot();
        assertEquals(StatePhase.FAILED, snapshot.get(failed).phase());
        for (int j = 0; j < snapshot.size(); j++) {
            StatePhase phase = snapshot.get(j).phase();
            if (j < failed) {
                assertTrue(phase.needsStop(), "an earlier state keeps running: " + snapshot);
            } else if (j > failed) {
                assertTrue(phase == StatePhase.NEW || phase == StatePhase.STOPPED, "a later state is down: " + snapshot);
            }
        }
    }

    private static void assertStartOutcome(Scenario s, StateManager manager, CompletableFuture<Void> started,
                                           boolean stopCalledWhileStarting, boolean failedBeforeStop) {
        assertTrue(started.isDone(), "start outcome is known once every stage completed or stop() was called");
        if (failedBeforeStop) {
            Throwable cause = causeOf(started);
            StateFailedException e = assertInstanceOf(StateFailedException.class, cause);
            assertEquals(name(s.failIndex()), e.stateName());
            assertTrue(e.getMessage().contains(name(s.failIndex())));
        } else if (stopCalledWhileStarting) {
            assertInstanceOf(StartAbortedException.class, causeOf(started));
        } else {
            assertFalse(started.isCompletedExceptionally(), "no failure, no early stop: start succeeds");
            assertTrue(manager.snapshot().stream().allMatch(st -> st.phase() == StatePhase.RUNNING
                    || st.phase() == StatePhase.STOPPED), "every state came up: " + manager.snapshot());
        }
    }

    private static void assertStartOrder(Scenario s, List<Event> log) {
        List<Integer> starts = log.stream().filter(e -> e instanceof Event.Start).map(e -> ((Event.Start) e).state()).toList();
        for (int k = 0; k < starts.size(); k++) {
            assertEquals(k, starts.get(k), "states start in list order, none skipped: " + log);
        }
        for (int k = 1; k < starts.size(); k++) {
            if (s.blocking().get(k - 1)) {
                int ok = log.indexOf(new Event.Ok(k - 1));
                assertTrue(ok >= 0 && ok < log.indexOf(new Event.Start(k)),
                        "blocking " + name(k - 1) + " completed before its successor started: " + log);
            }
        }
        int stopCall = log.indexOf(new Event.StopCalled());
        assertTrue(log.subList(stopCall, log.size()).stream().noneMatch(e -> e instanceof Event.Start),
                "nothing starts after stop(): " + log);
    }

    private static void assertStops(Scenario s, StateManager manager, List<Event> log, boolean[] stopThrows,
                                    CompletableFuture<Void> started, CompletableFuture<Void> stopped) {
        List<StateStatus> snapshot = manager.snapshot();
        int[] stopCount = new int[s.size()];
        List<Integer> stopOrder = new ArrayList<>();
        for (Event e : log) {
            if (e instanceof Event.Stop(int state)) {
                stopCount[state]++;
                stopOrder.add(state);
            }
        }
        for (int k = 1; k < stopOrder.size(); k++) {
            assertTrue(stopOrder.get(k) < stopOrder.get(k - 1), "stops run in reverse start order: " + log);
        }
        Set<String> expectedStopFailures = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            StatePhase phase = snapshot.get(i).phase();
            boolean wasStarted = log.contains(new Event.Start(i));
            if (!wasStarted) {
                assertEquals(StatePhase.NEW, phase);
                assertEquals(0, stopCount[i], "a state never started is never stopped");
            } else if (phase == StatePhase.FAILED) {
                assertEquals(s.failIndex(), i, "only the failing state may be FAILED");
                assertEquals(0, stopCount[i], "a failed start is not stopped");
            } else {
                assertEquals(StatePhase.STOPPED, phase, "nothing runs after stop(): " + snapshot);
                assertEquals(1, stopCount[i], "every started state is stopped exactly once: " + log);
                if (stopThrows[i]) {
                    expectedStopFailures.add(name(i));
                }
            }
        }
        Set<String> reported = new HashSet<>();
        if (stopped.isCompletedExceptionally()) {
            StopFailedException e = assertInstanceOf(StopFailedException.class, causeOf(stopped));
            e.failures().forEach(f -> assertTrue(reported.add(f.stateName()), "reported once: " + f.stateName()));
            assertNotEquals(0, e.failures().size());
        }
        if (started.isCompletedExceptionally() && causeOf(started) instanceof StateFailedException e) {
            Arrays.stream(e.getSuppressed()).map(x -> ((StateFailedException) x).stateName())
                    .forEach(name -> assertTrue(reported.add(name), "reported once: " + name));
        }
        assertEquals(expectedStopFailures, reported, "every failed stop is reported: " + log);
    }

    private static Throwable causeOf(CompletableFuture<Void> f) {
        try {
            f.join();
            throw new AssertionError("expected a failed stage");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static String name(int i) {
        return "s" + i;
    }
}
