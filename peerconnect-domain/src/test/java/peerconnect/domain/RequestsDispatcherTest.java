package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class RequestsDispatcherTest {
    private static final NodeAddress PEER = NodeAddress.parse("127.0.0.2:4000");
    private static final NodeAddress OTHER = NodeAddress.parse("127.0.0.3:4000");
    private static final PeerId ME = PeerId.fromHex("aa".repeat(20));
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));

    private record Sent(NodeAddress to, Message message) {
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EnvelopeCodec codec = EnvelopeCodec.create();
    private final List<Sent> sent = new ArrayList<>();

    private RequestsDispatcher dispatcher(DispatcherConfig config) {
        return RequestsDispatcher.builder(ME).config(config).codec(codec)
                .transport((to, bytes) -> sent.add(new Sent(to, ((DecodeResult.Decoded) codec.decode(bytes)).message())))
                .scheduler(scheduler).random(new SplittableRandom(1)).build();
    }

    private final RequestsDispatcher dispatcher = dispatcher(DispatcherConfig.defaults().withMaxWorkers(1));

    private byte[] request(RootCode root, long id) {
        return codec.encode(Message.request(root, (byte) 1, new MessageId(id), THEM, new byte[] {7}));
    }

    private byte[] replyTo(Message request) {
        return codec.encode(request.replyWith((byte) 0x81, THEM, new byte[] {9}));
    }

    @Test
    void registeringARootCodeTwiceIsAnError() {
        dispatcher.register(RootCode.GOSSIP, e -> { });
        var e = assertThrows(IllegalStateException.class, () -> dispatcher.register(RootCode.GOSSIP, x -> { }));
        assertTrue(e.getMessage().contains("GOSSIP"), e.getMessage());
    }

    @Test
    void aRequestReachesItsHandlerOnceAndOnlyWhenAWorkerRuns() throws Exception {
        RequestHandler handler = mock(RequestHandler.class);
        dispatcher.register(RootCode.KADEMLIA, handler);
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 5));
        verify(handler, times(0)).handle(any());
        scheduler.runReady();
        ArgumentCaptor<RequestEvent> event = ArgumentCaptor.forClass(RequestEvent.class);
        verify(handler, times(1)).handle(event.capture());
        assertEquals(PEER, event.getValue().from());
        assertEquals(new MessageId(5), event.getValue().message().id());
        assertEquals(1, dispatcher.stats().dispatched());
    }

    @Test
    void aHandlerAnswersTheSenderThroughTheEvent() {
        dispatcher.register(RootCode.KADEMLIA, e -> e.reply((byte) 0x81, new byte[] {42}));
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 5));
        scheduler.runReady();
        assertEquals(1, sent.size());
        Sent reply = sent.get(0);
        assertEquals(PEER, reply.to());
        assertEquals(MessageKind.REPLY, reply.message().kind());
        assertEquals(new MessageId(5), reply.message().id());
        assertEquals(ME, reply.message().sender());
        assertArrayEquals(new byte[] {42}, reply.message().body());
    }

    @Test
    void aReplyFromTheRequestedAddressCompletesTheRequest() throws Exception {
        CompletableFuture<Message> future = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[] {1});
        Message request = sent.get(0).message();
        dispatcher.onDatagram(PEER, replyTo(request));
        scheduler.runReady();
        assertEquals(request.id(), future.get().id());
        assertEquals(1, dispatcher.stats().repliesMatched());
        assertEquals(0, dispatcher.stats().pendingReplies());
    }

    @Test
    void aReplyIsMatchedOnTheReceivingThreadWithoutWaitingForAWorker() throws Exception {
        CompletableFuture<Message> future = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[] {1});
        int turnsBefore = scheduler.executeCalls();
        dispatcher.onDatagram(PEER, replyTo(sent.get(0).message()));
        assertTrue(future.isDone(), "the reply fast path completes the future inside onDatagram");
        assertEquals(turnsBefore, scheduler.executeCalls(), "no worker turn was needed");
        assertEquals(1, dispatcher.stats().repliesMatched());
    }

    @Test
    void aReplyFromAnotherAddressIsRefusedAndTheRequestStillWaits() {
        CompletableFuture<Message> future = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        dispatcher.onDatagram(OTHER, replyTo(sent.get(0).message()));
        scheduler.runReady();
        assertFalse(future.isDone());
        assertEquals(1, dispatcher.stats().dropped(DropReason.REPLY_SOURCE_MISMATCH));
        dispatcher.onDatagram(PEER, replyTo(sent.get(0).message()));
        scheduler.runReady();
        assertTrue(future.isDone() && !future.isCompletedExceptionally());
    }

    @Test
    void anUnansweredRequestTimesOutAndItsLateReplyIsCountedAsLate() {
        CompletableFuture<Message> future = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0],
                Duration.ofMillis(500));
        scheduler.advance(Duration.ofMillis(499));
        assertFalse(future.isDone());
        scheduler.advance(Duration.ofMillis(1));
        var failure = assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(TimeoutException.class, failure.getCause());
        dispatcher.onDatagram(PEER, replyTo(sent.get(0).message()));
        dispatcher.onDatagram(PEER, codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(77),
                THEM, new byte[0]).replyWith((byte) 0x81, THEM, new byte[0])));
        scheduler.runReady();
        DispatcherStats stats = dispatcher.stats();
        assertEquals(1, stats.requestsTimedOut());
        assertEquals(1, stats.dropped(DropReason.LATE_REPLY));
        assertEquals(1, stats.dropped(DropReason.UNKNOWN_REPLY));
    }

    @Test
    void aFailingHandlerIsCountedAndDoesNotStopTheOthers() {
        List<MessageId> handled = new ArrayList<>();
        dispatcher.register(RootCode.KADEMLIA, e -> {
            handled.add(e.message().id());
            if (e.message().id().value() == 2) {
                throw new IllegalStateException("boom");
            }
        });
        for (long id = 1; id <= 3; id++) {
            dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, id));
        }
        scheduler.runReady();
        assertEquals(List.of(new MessageId(1), new MessageId(2), new MessageId(3)), handled);
        assertEquals(1, dispatcher.stats().handlerFailures());
        assertEquals(3, dispatcher.stats().dispatched());
    }

    @Test
    void fullQueuesShedTheLowestPriorityFirst() {
        RequestsDispatcher small = dispatcher(DispatcherConfig.defaults().withMaxWorkers(1).withQueueCapacity(3));
        List<RootCode> handled = new ArrayList<>();
        for (RootCode code : RootCode.builtIns()) {
            small.register(code, e -> handled.add(e.rootCode()));
        }
        small.onDatagram(PEER, request(RootCode.GOSSIP, 1));
        small.onDatagram(PEER, request(RootCode.GOSSIP, 2));
        small.onDatagram(PEER, request(RootCode.DISCOVERY, 3));
        small.onDatagram(PEER, request(RootCode.KADEMLIA, 4)); // displaces gossip 2
        small.onDatagram(PEER, request(RootCode.KADEMLIA, 5)); // displaces gossip 1
        small.onDatagram(PEER, request(RootCode.GOSSIP, 6));   // refused: nothing lower to displace
        scheduler.runReady();
        assertEquals(List.of(RootCode.KADEMLIA, RootCode.KADEMLIA, RootCode.DISCOVERY), handled);
        DispatcherStats stats = small.stats();
        assertEquals(3, stats.dropped(DropReason.SHED));
        assertEquals(3, stats.queueHighWater());
        assertEquals(stats.received(), stats.dispatched() + stats.totalDropped());
    }

    @Test
    void workersDrainInBatchesAndYieldBetweenThem() {
        var config = DispatcherConfig.defaults().withQueueCapacity(100).withBatchSize(4).withMaxWorkers(1)
                .withMaxPendingReplies(10).withDefaultTimeout(Duration.ofSeconds(1)).withExpiredIdMemory(10);
        RequestsDispatcher batched = dispatcher(config);
        batched.register(RootCode.GOSSIP, e -> { });
        for (int i = 0; i < 10; i++) {
            batched.onDatagram(PEER, request(RootCode.GOSSIP, i));
        }
        scheduler.runReady();
        assertEquals(10, batched.stats().dispatched());
        assertEquals(3, scheduler.executeCalls(), "10 events in batches of 4 take 3 turns");
    }

    @Test
    void everyKindOfDropIsCountedUnderItsReason() {
        dispatcher.onDatagram(PEER, new byte[] {1});
        dispatcher.onDatagram(PEER, new byte[2000]);
        dispatcher.onDatagram(PEER, request(RootCode.DISCOVERY, 1));
        scheduler.runReady();
        DispatcherStats stats = dispatcher.stats();
        assertEquals(1, stats.dropped(DropReason.TRUNCATED));
        assertEquals(1, stats.dropped(DropReason.OVERSIZE));
        assertEquals(1, stats.dropped(DropReason.NO_HANDLER));
        assertEquals(3, stats.received());
        assertEquals(3, stats.totalDropped());
    }

    @Test
    void localCodeSubmitsEventsAndGetsTheReplyThroughItsOwnResponder() {
        dispatcher.register(RootCode.GOSSIP, e -> e.reply((byte) 2, new byte[] {5}));
        List<byte[]> answers = new ArrayList<>();
        Message m = Message.request(RootCode.GOSSIP, (byte) 1, new MessageId(3), ME, new byte[0]);
        dispatcher.submit(RequestEvent.local(m, PEER, (event, header, body) -> answers.add(body)));
        scheduler.runReady();
        assertEquals(1, answers.size());
        assertArrayEquals(new byte[] {5}, answers.get(0));
        assertEquals(1, dispatcher.stats().submitted());
        assertTrue(sent.isEmpty(), "a local event's reply does not go to the network");
    }

    @Test
    void aFullReplyRegistryRefusesNewRequestsClearly() {
        RequestsDispatcher tiny = dispatcher(DispatcherConfig.defaults().withMaxPendingReplies(2));
        tiny.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        tiny.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        CompletableFuture<Message> third = tiny.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        var failure = assertThrows(ExecutionException.class, third::get);
        assertInstanceOf(PendingRepliesFullException.class, failure.getCause());
        assertEquals(2, sent.size(), "the refused request was not sent");
    }

    @Test
    void aTransportFailureFailsTheRequestAndIsCounted() {
        var failing = RequestsDispatcher.builder(ME).codec(codec).transport((to, bytes) -> {
            throw new IllegalStateException("network unreachable");
        }).scheduler(scheduler).random(new SplittableRandom(1)).build();
        CompletableFuture<Message> future = failing.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        var failure = assertThrows(ExecutionException.class, future::get);
        assertEquals("network unreachable", failure.getCause().getMessage());
        assertEquals(1, failing.stats().sendFailures());
        assertEquals(0, failing.stats().pendingReplies());
    }

    @Test
    void requestsToAMulticastGroupAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> dispatcher.request(NodeAddress.parse("239.1.2.3:4000"),
                RootCode.DISCOVERY, (byte) 1, new byte[0]));
    }

    @Test
    void closingHandlesWhatIsQueuedThenFailsWhatIsAwaited() {
        List<MessageId> handled = new ArrayList<>();
        dispatcher.register(RootCode.KADEMLIA, e -> handled.add(e.message().id()));
        CompletableFuture<Message> awaited = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 1));
        CompletableFuture<Void> closed = dispatcher.close();
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 2));
        assertFalse(closed.isDone(), "a queued event is still to be handled");
        scheduler.runReady();
        assertTrue(closed.isDone());
        assertEquals(List.of(new MessageId(1)), handled);
        var failure = assertThrows(ExecutionException.class, awaited::get);
        assertInstanceOf(DispatcherClosedException.class, failure.getCause());
        assertEquals(1, dispatcher.stats().dropped(DropReason.CLOSED));
        var refused = assertThrows(ExecutionException.class,
                () -> dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]).get());
        assertInstanceOf(DispatcherClosedException.class, refused.getCause());
        assertTrue(dispatcher.close().isDone(), "close is idempotent");
    }

    @Test
    void closeNowDropsWhatIsQueued() {
        dispatcher.register(RootCode.KADEMLIA, e -> { });
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 1));
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 2));
        dispatcher.closeNow();
        scheduler.runReady();
        DispatcherStats stats = dispatcher.stats();
        assertEquals(0, stats.dispatched());
        assertEquals(2, stats.dropped(DropReason.CLOSED));
        assertEquals(0, stats.queued());
    }

    @Test
    void anExecutorThatRefusesWorkDoesNotBreakReceiving() {
        var refusing = RequestsDispatcher.builder(ME).codec(codec).transport((to, b) -> { }).scheduler(scheduler)
                .executor(r -> {
                    throw new java.util.concurrent.RejectedExecutionException("shut down");
                }).random(new SplittableRandom(1)).build();
        refusing.register(RootCode.KADEMLIA, e -> { });
        refusing.onDatagram(PEER, request(RootCode.KADEMLIA, 1));
        assertEquals(1, refusing.stats().queued());
        refusing.closeNow();
        assertEquals(1, refusing.stats().dropped(DropReason.CLOSED));
    }

    @Test
    void aNonBlockingHandlerRunsOnTheReceivingThreadWhileTheDispatcherIsIdle() {
        List<Thread> threads = new ArrayList<>();
        dispatcher.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> {
            threads.add(Thread.currentThread());
            e.reply((byte) 0x81, new byte[0]);
        }));
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 1));
        assertEquals(List.of(Thread.currentThread()), threads, "handled at once, no worker scheduled");
        assertEquals(1, sent.size(), "the reply went out from the receiving thread");
        assertEquals(0, scheduler.executeCalls());
        DispatcherStats stats = dispatcher.stats();
        assertEquals(1, stats.dispatched());
        assertEquals(0, stats.queued());
    }

    @Test
    void aHandlerThatMayBlockIsNeverRunOnTheReceivingThread() {
        List<MessageId> handled = new ArrayList<>();
        dispatcher.register(RootCode.KADEMLIA, e -> handled.add(e.message().id()));
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 1));
        assertEquals(List.of(), handled);
        scheduler.runReady();
        assertEquals(List.of(new MessageId(1)), handled);
    }

    @Test
    void underLoadNonBlockingEventsQueueBehindWhatWaitsSoNothingIsOvertaken() {
        List<MessageId> handled = new ArrayList<>();
        dispatcher.register(RootCode.GOSSIP, e -> handled.add(e.message().id()));
        dispatcher.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.add(e.message().id())));
        dispatcher.onDatagram(PEER, request(RootCode.GOSSIP, 1));
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 2));
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 3));
        assertEquals(List.of(), handled, "a worker is busy: nothing runs inline");
        scheduler.runReady();
        // Priority order, as for any queued events: DHT before gossip.
        assertEquals(List.of(new MessageId(2), new MessageId(3), new MessageId(1)), handled);
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 4));
        assertEquals(new MessageId(4), handled.get(3), "idle again: inline");
        DispatcherStats stats = dispatcher.stats();
        assertEquals(stats.received(), stats.dispatched() + stats.totalDropped());
    }

    @Test
    void aClosingDispatcherRefusesInlineWork() {
        List<MessageId> handled = new ArrayList<>();
        dispatcher.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.add(e.message().id())));
        CompletableFuture<Void> closed = dispatcher.close();
        dispatcher.onDatagram(PEER, request(RootCode.KADEMLIA, 1));
        scheduler.runReady();
        assertTrue(closed.isDone());
        assertEquals(List.of(), handled);
        assertEquals(1, dispatcher.stats().dropped(DropReason.CLOSED));
    }
}
