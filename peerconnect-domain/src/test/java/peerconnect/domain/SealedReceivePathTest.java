package peerconnect.domain;

import peerconnect.testkit.core.TestRandom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Where the cipher work of a sealed dispatcher runs: on the receiving thread, replies matched there too. */
class SealedReceivePathTest extends LimitedDispatcherFixture {
    @Test
    void everySealedRequestIsOpenedAndHandledOnTheReceivingThread() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).transport((to, bytes) -> { }).scheduler(scheduler)
                .random(new java.util.SplittableRandom(1))
                .networkKey(DatagramSeal.create(KEY, TestRandom.secure(11))).build();
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.incrementAndGet()));
        for (int i = 0; i < 10; i++) {
            assertTrue(deliverSealed(d, PEER, request(i)));
        }
        assertEquals(10, handled.get(), "no executor turn needed");
        assertEquals(10, d.seal().orElseThrow().stats().opened());
        assertEquals(0, d.stats().queued());
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
