package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class StateManagerTest {

    /** States whose starts the test completes by hand, and a log of every start and stop. */
    private static final class Harness {
        final List<String> log = new ArrayList<>();
        final Map<String, CompletableFuture<Void>> starts = new HashMap<>();

        ManagedState state(String name, boolean blocking) {
            return new ManagedState(name, blocking, () -> {
                log.add("start " + name);
                CompletableFuture<Void> f = new CompletableFuture<>();
                starts.put(name, f);
                return f;
            }, () -> log.add("stop " + name));
        }

        void complete(String name) {
            starts.get(name).complete(null);
        }

        boolean started(String name) {
            return starts.containsKey(name);
        }
    }

    private static ManagedState ready(String name, ManagedState.StopAction stop) {
        return ManagedState.blocking(name, () -> CompletableFuture.completedFuture(null), stop);
    }

    private static Throwable failureOf(CompletableFuture<Void> f) {
        assertTrue(f.isCompletedExceptionally(), "expected a failed stage");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    private static List<StatePhase> phases(StateManager manager) {
        return manager.snapshot().stream().map(StateStatus::phase).toList();
    }

    @Test
    void blockingStateHoldsBackTheNextUntilItsStartCompletes() {
        Harness h = new Harness();
        StateManager manager = new StateManager(List.of(h.state("a", true), h.state("b", true)));

        CompletableFuture<Void> started = manager.start();
        assertEquals(List.of("start a"), h.log);
        assertFalse(started.isDone());

        h.complete("a");
        assertEquals(List.of("start a", "start b"), h.log);
        assertFalse(started.isDone());

        h.complete("b");
        assertTrue(started.isDone() && !started.isCompletedExceptionally());
        assertEquals(List.of(StatePhase.RUNNING, StatePhase.RUNNING), phases(manager));
    }

    @Test
    void nonBlockingStateDoesNotHoldBackTheNextButTheResultWaitsForIt() {
        Harness h = new Harness();
        StateManager manager = new StateManager(List.of(h.state("a", false), h.state("b", false), h.state("c", true)));

        CompletableFuture<Void> started = manager.start();
        assertEquals(List.of("start a", "start b", "start c"), h.log);

        h.complete("c");
        h.complete("a");
        assertFalse(started.isDone(), "b is still starting");
        h.complete("b");
        assertTrue(started.isDone() && !started.isCompletedExceptionally());
    }

    @Test
    void failedStartIsReportedWithTheStateNameAndLaterStatesAreNotStarted() {
        Harness h = new Harness();
        StateManager manager = new StateManager(List.of(h.state("udp", true), h.state("discovery", true),
                h.state("gossip", true)));
        CompletableFuture<Void> started = manager.start();
        h.complete("udp");

        IOException cause = new IOException("no multicast route");
        h.starts.get("discovery").completeExceptionally(cause);

        StateFailedException e = assertInstanceOf(StateFailedException.class, failureOf(started));
        assertEquals("discovery", e.stateName());
        assertEquals(StatePhase.STARTING, e.phase());
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains("discovery"), e.getMessage());
        assertFalse(h.started("gossip"));
        assertEquals(List.of(StatePhase.RUNNING, StatePhase.FAILED, StatePhase.NEW), phases(manager));
        assertSame(cause, manager.snapshot().get(1).failure().orElseThrow());
        assertEquals(List.of("start udp", "start discovery"), h.log, "the failed state is not stopped, udp keeps running");
    }

    @Test
    void startActionThatThrowsFailsLikeAFailedStage() {
        Harness h = new Harness();
        IllegalStateException boom = new IllegalStateException("boom");
        ManagedState throwing = ManagedState.nonBlocking("kademlia", () -> {
            throw boom;
        }, () -> h.log.add("stop kademlia"));
        StateManager manager = new StateManager(List.of(h.state("udp", false), throwing, h.state("gossip", false)));

        CompletableFuture<Void> started = manager.start();

        StateFailedException e = assertInstanceOf(StateFailedException.class, failureOf(started));
        assertEquals("kademlia", e.stateName());
        assertSame(boom, e.getCause());
        assertEquals(List.of("start udp"), h.log);
    }

    @Test
    void startActionReturningNullIsAFailureOfThatState() {
        StateManager manager = new StateManager(List.of(ManagedState.blocking("bad", () -> null, () -> { })));
        StateFailedException e = assertInstanceOf(StateFailedException.class, failureOf(manager.start()));
        assertEquals("bad", e.stateName());
        assertInstanceOf(NullPointerException.class, e.getCause());
    }

    @Test
    void failureOfANonBlockingStateStopsTheStatesStartedAfterItInReverseAndKeepsEarlierOnes() {
        Harness h = new Harness();
        StateManager manager = new StateManager(List.of(h.state("base", false), h.state("a", false),
                h.state("b", false), h.state("c", false), h.state("d", true), h.state("e", true)));
        CompletableFuture<Void> started = manager.start();
        h.complete("base");
        h.complete("b");
        h.log.clear();

        h.starts.get("a").completeExceptionally(new IOException("bind failed"));

        assertEquals(List.of("stop d", "stop c", "stop b"), h.log);
        assertEquals("a", assertInstanceOf(StateFailedException.class, failureOf(started)).stateName());
        assertEquals(List.of(StatePhase.RUNNING, StatePhase.FAILED, StatePhase.STOPPED, StatePhase.STOPPED,
                StatePhase.STOPPED, StatePhase.NEW), phases(manager));

        h.complete("d"); // late success of a state already stopped: ignored, e is not started
        assertFalse(h.started("e"));
        assertEquals(StatePhase.STOPPED, manager.snapshot().get(4).phase());

        h.log.clear();
        manager.stop().join();
        assertEquals(List.of("stop base"), h.log);
    }

    @Test
    void stopStopsEveryStartedStateInReverseOrder() throws Exception {
        ManagedState.StopAction a = mock(ManagedState.StopAction.class);
        ManagedState.StopAction b = mock(ManagedState.StopAction.class);
        ManagedState.StopAction c = mock(ManagedState.StopAction.class);
        StateManager manager = new StateManager(List.of(ready("a", a), ready("b", b), ready("c", c)));
        manager.start().join();

        manager.stop().join();

        InOrder order = inOrder(a, b, c);
        order.verify(c).stop();
        order.verify(b).stop();
        order.verify(a).stop();
        order.verifyNoMoreInteractions();
        assertEquals(List.of(StatePhase.STOPPED, StatePhase.STOPPED, StatePhase.STOPPED), phases(manager));
    }

    @Test
    void stopIsIdempotentAndCallsEachStopActionOnce() throws Exception {
        ManagedState.StopAction a = mock(ManagedState.StopAction.class);
        ManagedState.StopAction b = mock(ManagedState.StopAction.class);
        StateManager manager = new StateManager(List.of(ready("a", a), ready("b", b)));
        manager.start().join();

        CompletableFuture<Void> first = manager.stop();
        CompletableFuture<Void> second = manager.stop();
        manager.stop().join();

        assertTrue(first.isDone() && second.isDone() && !second.isCompletedExceptionally());
        verify(a, times(1)).stop();
        verify(b, times(1)).stop();
    }

    @Test
    void aThrowingStopActionDoesNotKeepTheOthersRunningAndEveryFailureIsReported() throws Exception {
        ManagedState.StopAction a = mock(ManagedState.StopAction.class);
        ManagedState.StopAction b = mock(ManagedState.StopAction.class);
        ManagedState.StopAction c = mock(ManagedState.StopAction.class);
        ManagedState.StopAction d = mock(ManagedState.StopAction.class);
        IOException bFailed = new IOException("socket close failed");
        IllegalStateException dFailed = new IllegalStateException("already closed");
        doThrow(bFailed).when(b).stop();
        doThrow(dFailed).when(d).stop();
        StateManager manager = new StateManager(List.of(ready("a", a), ready("b", b), ready("c", c), ready("d", d)));
        manager.start().join();

        CompletableFuture<Void> stopped = manager.stop();

        StopFailedException e = assertInstanceOf(StopFailedException.class, failureOf(stopped));
        assertEquals(List.of("d", "b"), e.failures().stream().map(StateFailedException::stateName).toList());
        assertSame(dFailed, e.failures().get(0).getCause());
        assertSame(bFailed, e.failures().get(1).getCause());
        assertEquals(StatePhase.STOPPING, e.failures().get(0).phase());
        assertEquals(2, e.getSuppressed().length);
        verify(a).stop();
        verify(c).stop();
        assertEquals(List.of(StatePhase.STOPPED, StatePhase.STOPPED, StatePhase.STOPPED, StatePhase.STOPPED),
                phases(manager));
        assertSame(bFailed, manager.snapshot().get(1).failure().orElseThrow());

        // A second stop repeats the outcome without calling anything again.
        assertInstanceOf(StopFailedException.class, failureOf(manager.stop()));
        verify(b, times(1)).stop();
    }

    @Test
    void stopDuringStartStopsWhatIsStartingAndStartsNothingMore() {
        Harness h = new Harness();
        StateManager manager = new StateManager(List.of(h.state("a", false), h.state("b", true), h.state("c", true)));
        CompletableFuture<Void> started = manager.start();
        h.complete("a");

        CompletableFuture<Void> stopped = manager.stop();

        assertEquals(List.of("start a", "start b", "stop b", "stop a"), h.log);
        assertTrue(stopped.isDone() && !stopped.isCompletedExceptionally());
        StartAbortedException e = assertInstanceOf(StartAbortedException.class, failureOf(started));
        assertTrue(e.getMessage().contains("[c]"), e.getMessage());

        h.complete("b"); // b's start finishing late must not start c nor revive b
        assertFalse(h.started("c"));
        assertEquals(List.of(StatePhase.STOPPED, StatePhase.STOPPED, StatePhase.NEW), phases(manager));
    }

    @Test
    void stopCalledFromInsideAStartActionStartsNothingAfterIt() {
        Harness h = new Harness();
        List<ManagedState> states = new ArrayList<>();
        StateManager[] manager = new StateManager[1];
        states.add(h.state("a", false));
        states.add(ManagedState.nonBlocking("quitter", () -> {
            manager[0].stop();
            return CompletableFuture.completedFuture(null);
        }, () -> h.log.add("stop quitter")));
        states.add(h.state("b", false));
        manager[0] = new StateManager(states);

        CompletableFuture<Void> started = manager[0].start();

        assertEquals(List.of("start a", "stop quitter", "stop a"), h.log);
        assertInstanceOf(StartAbortedException.class, failureOf(started));
    }

    @Test
    void stopBeforeStartAbortsTheStartAndStartsNothing() throws Exception {
        ManagedState.StartAction start = mock(ManagedState.StartAction.class);
        ManagedState.StopAction stop = mock(ManagedState.StopAction.class);
        StateManager manager = new StateManager(List.of(new ManagedState("a", true, start, stop)));

        manager.stop().join();

        assertInstanceOf(StartAbortedException.class, failureOf(manager.start()));
        verifyNoInteractions(start, stop);
    }

    @Test
    void startIsIdempotent() throws Exception {
        ManagedState.StartAction start = mock(ManagedState.StartAction.class);
        when(start.start()).thenReturn(CompletableFuture.completedFuture(null));
        StateManager manager = new StateManager(List.of(ManagedState.blocking("a", start, () -> { })));

        manager.start().join();
        manager.start().join();

        verify(start, times(1)).start();
    }

    @Test
    void emptyManagerStartsAndStopsAtOnce() {
        StateManager manager = new StateManager(List.of());
        assertTrue(manager.start().isDone());
        assertTrue(manager.stop().isDone());
        assertEquals(List.of(), manager.snapshot());
    }

    @Test
    void listenerSeesEveryTransitionInOrder() {
        List<String> seen = new ArrayList<>();
        StateListener listener = (from, now) -> seen.add(now.name() + " " + from + "->" + now.phase());
        Harness h = new Harness();
        StateManager manager = new StateManager(List.of(h.state("a", true), h.state("b", false)), listener);

        manager.start();
        h.complete("a");
        h.starts.get("b").completeExceptionally(new IOException("x"));
        manager.stop();

        assertEquals(List.of("a NEW->STARTING", "a STARTING->RUNNING", "b NEW->STARTING", "b STARTING->FAILED",
                "a RUNNING->STOPPING", "a STOPPING->STOPPED"), seen);
    }

    @Test
    void aThrowingListenerDoesNotDisturbTheManager() {
        int[] calls = new int[1];
        StateManager manager = new StateManager(List.of(ready("a", () -> { }), ready("b", () -> { })),
                (from, now) -> {
                    if (calls[0]++ == 0) { // once only: each failure is logged, keep the test output short
                        throw new IllegalStateException("listener bug (expected by this test)");
                    }
                });
        manager.start().join();
        manager.stop().join();
        assertEquals(List.of(StatePhase.STOPPED, StatePhase.STOPPED), phases(manager));
        assertEquals(8, calls[0]);
    }

    @Test
    void manySynchronouslyCompletingStatesDoNotGrowTheStack() {
        int n = 20_000;
        int[] stops = new int[1];
        List<ManagedState> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            states.add(ready("s" + i, () -> stops[0]++));
        }
        StateManager manager = new StateManager(states);
        manager.start().join();
        manager.stop().join();
        assertEquals(n, stops[0]);
    }

    @Test
    void startStageCompletedOnAnotherThreadContinuesTheStartThere() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<String> threads = new ArrayList<>();
        ManagedState first = ManagedState.blocking("first", () -> gate, () -> { });
        ManagedState second = ManagedState.blocking("second", () -> {
            threads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(null);
        }, () -> { });
        StateManager manager = new StateManager(List.of(first, second));
        CompletableFuture<Void> started = manager.start();

        Thread completer = new Thread(() -> gate.complete(null), "completer");
        completer.start();
        completer.join();

        started.join();
        assertEquals(List.of("completer"), threads);
    }

    @Test
    void stopFromAnotherThreadRacingTheStartLeavesNothingRunningAndStopsEachStartedStateOnce() throws Exception {
        int states = 6;
        for (int round = 0; round < 200; round++) {
            List<CompletableFuture<Void>> gates = new ArrayList<>();
            AtomicIntegerArray startCalls = new AtomicIntegerArray(states);
            AtomicIntegerArray stopCalls = new AtomicIntegerArray(states);
            List<ManagedState> list = new ArrayList<>();
            for (int i = 0; i < states; i++) {
                int index = i;
                CompletableFuture<Void> gate = new CompletableFuture<>();
                gates.add(gate);
                list.add(new ManagedState("s" + i, i % 2 == 0, () -> {
                    startCalls.incrementAndGet(index);
                    return gate;
                }, () -> stopCalls.incrementAndGet(index)));
            }
            StateManager manager = new StateManager(list);
            CountDownLatch go = new CountDownLatch(1);
            Thread completer = new Thread(() -> {
                awaitQuietly(go);
                gates.forEach(g -> g.complete(null));
            });
            completer.start();
            CompletableFuture<Void> started = manager.start();
            go.countDown();
            CompletableFuture<Void> stopped = manager.stop();
            completer.join();
            stopped.get(10, TimeUnit.SECONDS); // generous bound against a hang, not a timing assertion

            assertTrue(started.isDone());
            for (int i = 0; i < states; i++) {
                StatePhase phase = manager.snapshot().get(i).phase();
                assertEquals(startCalls.get(i), stopCalls.get(i), "s" + i + " stopped iff started, once");
                assertTrue(phase == StatePhase.NEW || phase == StatePhase.STOPPED, "s" + i + " is " + phase);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void namesMustBeNonBlankAndUnique() {
        assertThrows(IllegalArgumentException.class, () -> ready(" ", () -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> new StateManager(List.of(ready("a", () -> { }), ready("a", () -> { }))));
    }

    @Test
    void exceptionalCompletionWrappedInCompletionExceptionIsUnwrapped() {
        IOException cause = new IOException("root");
        ManagedState wrapped = ManagedState.blocking("w",
                () -> CompletableFuture.<Void>completedFuture(null).thenRun(() -> {
                    throw new CompletionException(cause);
                }), () -> { });
        StateFailedException e = assertInstanceOf(StateFailedException.class,
                failureOf(new StateManager(List.of(wrapped)).start()));
        assertSame(cause, e.getCause());
    }

    @Test
    void failedStateIsNotStoppedByStop() throws Exception {
        ManagedState.StopAction stop = mock(ManagedState.StopAction.class);
        StateManager manager = new StateManager(List.of(ManagedState.blocking("f",
                () -> CompletableFuture.failedFuture(new IOException("no")), stop)));
        manager.start();
        manager.stop().join();
        verify(stop, never()).stop();
        assertEquals(List.of(StatePhase.FAILED), phases(manager));
    }
}
