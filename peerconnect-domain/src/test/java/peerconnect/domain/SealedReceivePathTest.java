package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Where the cipher work of a sealed dispatcher runs, and what happens when it cannot keep up. */
class SealedReceivePathTest extends LimitedDispatcherFixture {

    @Test
    void aSealedRequestIsOpenedByTheExecutorNotOnTheReceivingThread() {
        RequestsDispatcher d = sealedDispatcher(RateLimiter.off(), 1);
        assertTrue(deliverSealed(d, PEER, request(1)));

        assertEquals(0, d.seal().orElseThrow().stats().opened(), "nothing opened on the receiving thread");
        assertEquals(1, d.stats().queued(), "waiting to be opened counts as queued");
        assertEquals(0, d.stats().received());
        scheduler.runReady();
        assertEquals(1, handled.get());
        assertEquals(1, d.seal().orElseThrow().stats().opened());
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
        var d = RequestsDispatcher.builder(ME).config(DispatcherConfig.defaults().withMaxWorkers(1)
                        .withQueueCapacity(capacity)).transport((to, bytes) -> { }).scheduler(scheduler)
                .random(new java.util.SplittableRandom(1)).networkKey(DatagramSeal.create(KEY,
                        DatagramSealProperties.seeded(11))).build();
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.incrementAndGet()));
        for (int i = 0; i < capacity + 3; i++) {
            d.onDatagram(PEER, peerSeal.seal(request(i)));
        }
        assertEquals(3, d.stats().dropped(DropReason.SHED));
        scheduler.runReady();
        assertEquals(capacity, handled.get());
        assertAccounted(d.stats());
    }

    @Test
    void theBuilderGivesASealedDispatcherACodecThatLeavesRoomForTheSeal() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).transport((to, bytes) -> { }).scheduler(scheduler)
                .random(new java.util.SplittableRandom(1))
                .networkKey(DatagramSeal.create(KEY, DatagramSealProperties.seeded(11))).build();
        assertEquals(DatagramSeal.create(KEY, DatagramSealProperties.seeded(11)).maxPlaintextBytes(),
                d.codec().maxDatagramBytes());
        assertEquals(EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES - DatagramSeal.OVERHEAD_BYTES, d.codec().maxDatagramBytes());
        assertFalse(dispatcher(RateLimiter.off()).seal().isPresent());
    }
}
