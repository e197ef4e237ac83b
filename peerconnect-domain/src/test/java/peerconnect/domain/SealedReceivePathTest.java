package peerconnect.domain;

import peerconnect.testkit.core.TestRandom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Where the cipher work of a sealed dispatcher runs, and what happens when it cannot keep up. */
class SealedReceivePathTest extends LimitedDispatcherFixture {
    private long ticks;

    /**
     * A sealed dispatcher that decides after every datagram, on a clock that moves only while a
     * request is handled (1 ms each): all time is spent in the pipeline, so once the first datagram
     * has been handled the workers open.
     */
    private RequestsDispatcher busySealedDispatcher(DispatcherConfig config) {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).config(config).transport((to, bytes) -> sent.add(bytes))
                .scheduler(scheduler).random(new java.util.SplittableRandom(1)).nanoClock(() -> ticks)
                .openSealsOnWorkersWhenBusy(true).openingWindow(1).networkKey(DatagramSeal.create(KEY, TestRandom.secure(11))).build();
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> {
            handled.incrementAndGet();
            ticks += 1_000_000;
        }));
        return d;
    }

    @Test
    void byDefaultEverySealedDatagramIsOpenedOnTheReceivingThreadHoweverBusy() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).transport((to, bytes) -> { }).scheduler(scheduler)
                .random(new java.util.SplittableRandom(1)).nanoClock(() -> ticks).openingWindow(1)
                .networkKey(DatagramSeal.create(KEY, TestRandom.secure(11))).build();
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> {
            handled.incrementAndGet();
            ticks += 1_000_000;
        }));
        for (int i = 0; i < 10; i++) {
            deliverSealed(d, PEER, request(i));
        }
        assertEquals(10, handled.get(), "no executor turn needed");
        assertEquals(0, d.stats().queued());
    }

    @Test
    void withOffloadingOnAClockStandingStillShowsNoLoadAndTheReceivingThreadOpens() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).transport((to, bytes) -> { }).scheduler(scheduler)
                .random(new java.util.SplittableRandom(1)).nanoClock(() -> 0L).openSealsOnWorkersWhenBusy(true)
                .networkKey(DatagramSeal.create(KEY, TestRandom.secure(11))).build();
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.incrementAndGet()));
        for (int i = 0; i < 3 * DispatcherBuilder.DEFAULT_OPENING_WINDOW; i++) {
            assertTrue(deliverSealed(d, PEER, request(i)));
        }
        assertEquals(3 * DispatcherBuilder.DEFAULT_OPENING_WINDOW, handled.get(), "a clock standing still shows no load");
        assertEquals(0, d.stats().queued());
        assertAccounted(d.stats());
    }

    @Test
    void onceTheReceivingThreadIsBusySealedRequestsAreOpenedByTheWorkers() {
        RequestsDispatcher d = busySealedDispatcher(DispatcherConfig.defaults().withMaxWorkers(1));
        assertTrue(deliverSealed(d, PEER, request(1)));
        assertEquals(1, handled.get(), "the first one, before any decision, on the receiving thread");
        assertTrue(deliverSealed(d, PEER, request(2)));

        assertEquals(1, d.seal().orElseThrow().stats().opened(), "the second not opened on the receiving thread");
        assertEquals(1, d.stats().queued(), "waiting to be opened counts as queued");
        scheduler.runReady();
        assertEquals(2, handled.get());
        assertEquals(2, d.seal().orElseThrow().stats().opened());
        assertAccounted(d.stats());
    }

    @Test
    void aReplyFromAnAwaitedAddressIsOpenedAndMatchedOnTheReceivingThread() {
        RequestsDispatcher d = sealedDispatcher(RateLimiter.off(), 1);
        CompletableFuture<Message> future = d.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        Message ours = ((DecodeResult.Decoded) codec.decode(lastSentOpened())).message();

        deliverSealed(d, PEER, codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[0])));

        assertTrue(future.isDone() && !future.isCompletedExceptionally(), "no executor turn needed");
        assertEquals(1, d.stats().repliesMatched());
        assertEquals(new SealStats(1, 1, 0, 0, 0, 0), d.seal().orElseThrow().stats());
    }

    @Test
    void whenTheOpeningLaneIsFullTheDatagramIsShedAndCounted() {
        int capacity = 4;
        var d = busySealedDispatcher(DispatcherConfig.defaults().withMaxWorkers(1).withQueueCapacity(capacity));
        for (int i = 0; i < 1 + capacity + 3; i++) {
            d.onDatagram(PEER, peerSeal.seal(request(i)));
        }
        assertEquals(3, d.stats().dropped(DropReason.SHED));
        scheduler.runReady();
        assertEquals(1 + capacity, handled.get(), "the first on the receiving thread, then as many as the lane holds");
        assertAccounted(d.stats());
    }

    @Test
    void theBuilderGivesASealedDispatcherACodecThatLeavesRoomForTheSeal() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).transport((to, bytes) -> { }).scheduler(scheduler)
                .random(new java.util.SplittableRandom(1))
                .networkKey(DatagramSeal.create(KEY, TestRandom.secure(11))).build();
        assertEquals(DatagramSeal.create(KEY, TestRandom.secure(11)).maxPlaintextBytes(),
                d.codec().maxDatagramBytes());
        assertEquals(EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES - DatagramSeal.OVERHEAD_BYTES, d.codec().maxDatagramBytes());
        assertFalse(dispatcher(RateLimiter.off()).seal().isPresent());
    }
}
