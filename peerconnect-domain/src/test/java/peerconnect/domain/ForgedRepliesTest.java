package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Replies to no pending request (forged, or plain late) and the limit in front of a seal. */
class ForgedRepliesTest extends LimitedDispatcherFixture {
    private static final NodeAddress FAR = NodeAddress.parse("10.9.9.9:4000");
    /** Five datagrams per /24, then 10 per second; addresses alone are not limited. */
    private static final RateLimiterSettings FIVE_PER_PREFIX =
            new RateLimiterSettings(WIDE, new RateLimit(10, 5), WIDE, 100, 100);

    private byte[] forgedReply(long id) {
        return codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(id), THEM, new byte[] {7})
                .replyWith((byte) 0x81, THEM, new byte[] {9}));
    }

    /** The reply to the request this dispatcher sent last. */
    private byte[] replyToLastSent() {
        Message ours = ((DecodeResult.Decoded) codec.decode(sent.get(sent.size() - 1))).message();
        return codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[] {9}));
    }

    @Test
    void forgedRepliesAreDroppedAsUnknownAndChargedToTheirSource() {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        for (int i = 0; i < 10; i++) {
            d.onDatagram(PEER, forgedReply(1_000 + i));
            d.onDatagram(PEER, ByteBuffer.wrap(forgedReply(2_000 + i)));
        }
        d.onDatagram(PEER, request(1));
        d.onDatagram(NEIGHBOUR, request(2));
        scheduler.runReady();
        DispatcherStats s = d.stats();
        assertEquals(20, s.dropped(DropReason.UNKNOWN_REPLY));
        assertEquals(1, s.dropped(DropReason.RATE_LIMITED), "the forger's own request found its bucket empty");
        assertEquals(1, handled.get(), "only the neighbour's request was handled");
        assertAccounted(s);
    }

    /** A datagram in a reused direct buffer, at {@code lead} bytes into it, as the UDP adapter hands them over. */
    private static ByteBuffer direct(byte[] datagram, int lead) {
        ByteBuffer b = ByteBuffer.allocateDirect(lead + datagram.length + 5);
        b.position(lead);
        b.put(datagram);
        return b.flip().position(lead);
    }

    @Test
    void theDirectBufferPathReadsTheIdInPlaceAndMatchesAwaitedReplies() throws Exception {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        for (int i = 0; i < 10; i++) {
            ByteBuffer forged = direct(forgedReply(3_000 + i), 3);
            d.onDatagram(PEER, forged);
            assertEquals(3, forged.position(), "the buffer is left as it was");
        }
        CompletableFuture<Message> future = d.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        d.onDatagram(PEER, direct(replyToLastSent(), 7));
        assertTrue(future.isDone() && !future.isCompletedExceptionally(), "matched although PEER is over its limit");
        d.onDatagram(PEER, direct(request(1), 1));
        DispatcherStats s = d.stats();
        assertEquals(10, s.dropped(DropReason.UNKNOWN_REPLY));
        assertEquals(1, s.repliesMatched());
        assertEquals(1, s.dropped(DropReason.RATE_LIMITED));
        assertAccounted(s);
    }

    @Test
    void aReplyFlaggedDatagramWithABadHeaderIsChargedAndDecodedLikeAnyOther() {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        byte[] reservedFlag = forgedReply(1);
        reservedFlag[3] |= 0x02;
        byte[] shortBody = forgedReply(2);
        shortBody[33]++; // declares one byte more than there is
        for (int i = 0; i < 3; i++) {
            d.onDatagram(PEER, reservedFlag);
            d.onDatagram(PEER, ByteBuffer.wrap(shortBody));
        }
        DispatcherStats s = d.stats();
        assertEquals(3, s.dropped(DropReason.MALFORMED));
        assertEquals(2, s.dropped(DropReason.TRUNCATED));
        assertEquals(1, s.dropped(DropReason.RATE_LIMITED), "the sixth found the bucket empty");
        assertAccounted(s);
    }

    @Test
    void aReplyAfterItsDeadlineIsLateAndChargedLikeAForgedOne() {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        CompletableFuture<Message> future = d.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0],
                Duration.ofSeconds(1));
        byte[] reply = replyToLastSent();
        scheduler.advance(Duration.ofSeconds(2));
        assertTrue(future.isCompletedExceptionally());
        for (int i = 0; i < 5; i++) {
            d.onDatagram(PEER, reply);
        }
        d.onDatagram(PEER, request(1));
        DispatcherStats s = d.stats();
        assertEquals(5, s.dropped(DropReason.LATE_REPLY));
        assertEquals(1, s.dropped(DropReason.RATE_LIMITED));
        assertAccounted(s);
    }

    @Test
    void realRequestsCompleteThroughAFloodOfForgedReplies() {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        List<CompletableFuture<Message>> futures = new ArrayList<>();
        int forged = 0;
        for (int round = 0; round < 50; round++) {
            futures.add(d.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]));
            byte[] reply = replyToLastSent();
            // The forger sends from the very address the reply comes from, and from elsewhere.
            for (int i = 0; i < 40; i++) {
                d.onDatagram(i % 2 == 0 ? PEER : FAR, forgedReply(round * 1_000L + i));
                forged++;
            }
            d.onDatagram(PEER, reply);
            nowNanos += 1_000_000; // 1 ms per round: the limiter refills 0.01 token
        }
        scheduler.runReady();
        for (CompletableFuture<Message> f : futures) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "every real request got its reply");
        }
        DispatcherStats s = d.stats();
        assertEquals(50, s.repliesMatched());
        assertEquals(forged, s.dropped(DropReason.UNKNOWN_REPLY));
        assertEquals(0, s.pendingReplies());
        assertAccounted(s);
    }

    @Test
    void theLimitBeforeTheSealChargesEachDatagramOnce() {
        RequestsDispatcher d = sealedDispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0), 1);
        int admitted = 0;
        for (int i = 0; i < 8; i++) {
            if (deliverSealed(d, PEER, request(i))) {
                admitted++;
            }
        }
        scheduler.runReady();
        DispatcherStats s = d.stats();
        assertEquals(5, admitted, "opening did not charge a second token");
        assertEquals(5, handled.get());
        assertEquals(3, s.dropped(DropReason.RATE_LIMITED));
        assertEquals(8, s.received());
        assertEquals(new SealStats(0, 5, 0, 0, 0, 0, 3), d.seal().orElseThrow().stats());
        assertAccounted(s);
    }

    @Test
    void anAwaitedSourceIsHeardBeforeTheSealWhileItsPrefixIsFlooded() throws Exception {
        RequestsDispatcher d = sealedDispatcher(RateLimiter.create(FIVE_PER_PREFIX, 0), 1);
        for (int i = 0; i < 5; i++) {
            assertTrue(deliverSealed(d, NEIGHBOUR, request(i)));
        }
        assertFalse(deliverSealed(d, NEIGHBOUR, request(5)), "the /24 is exhausted");
        assertFalse(deliverSealed(d, PEER, request(6)), "for every address in it that we await nothing from");

        CompletableFuture<Message> future = d.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        Message ours = ((DecodeResult.Decoded) codec.decode(lastSentOpened())).message();
        assertTrue(deliverSealed(d, PEER, codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[] {9}))),
                "a reply is awaited from PEER: only its own bucket counts");
        assertTrue(future.isDone() && !future.isCompletedExceptionally(), "matched on the receiving thread");
        assertFalse(deliverSealed(d, PEER, request(7)), "nothing awaited any more");
        scheduler.runReady();
        DispatcherStats s = d.stats();
        assertEquals(1, s.repliesMatched());
        assertEquals(3, s.dropped(DropReason.RATE_LIMITED));
        assertAccounted(s);
    }

    @Test
    void withoutLimitsEverySealedDatagramIsAdmittedAndForgedRepliesAreStillDroppedUndecoded() {
        RequestsDispatcher d = sealedDispatcher(RateLimiter.off(), 1);
        for (int i = 0; i < 100; i++) {
            assertTrue(deliverSealed(d, PEER, forgedReply(i)));
        }
        scheduler.runReady();
        assertEquals(100, d.stats().dropped(DropReason.UNKNOWN_REPLY));
        assertAccounted(d.stats());
    }
}
