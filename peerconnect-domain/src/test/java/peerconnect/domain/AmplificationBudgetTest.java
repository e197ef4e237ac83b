package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The dispatcher's side of the amplification rule: what verifies a source, the budget, the safety net. */
class AmplificationBudgetTest {
    private static final NodeAddress PEER = NodeAddress.parse("127.0.0.2:4000");
    private static final NodeAddress SPOOFER = NodeAddress.parse("127.0.0.9:4000");
    private static final PeerId ME = PeerId.fromHex("aa".repeat(20));
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));

    private record Sent(NodeAddress to, Message message, int bytes) {
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EnvelopeCodec codec = EnvelopeCodec.create();
    private final List<Sent> sent = new ArrayList<>();
    private final RequestsDispatcher dispatcher = RequestsDispatcher.builder(ME)
            .config(DispatcherConfig.defaults().withMaxWorkers(1)).codec(codec)
            .transport((to, bytes) -> sent.add(new Sent(to, ((DecodeResult.Decoded) codec.decode(bytes)).message(), bytes.length)))
            .scheduler(scheduler).random(new SplittableRandom(1)).build();

    private byte[] request(long id, int bodyBytes) {
        return codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(id), THEM, new byte[bodyBytes]));
    }

    private void verifyPeerByAnsweredRequest() {
        CompletableFuture<Message> f = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        Message ours = sent.remove(sent.size() - 1).message();
        dispatcher.onDatagram(PEER, codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[0])));
        assertTrue(f.isDone());
    }

    @Test
    void theBudgetOfAnUnverifiedSourceIsThreeTimesTheRequestMinusTheReplyHeader() {
        int[] budget = new int[2];
        dispatcher.register(RootCode.KADEMLIA, e -> {
            budget[0] = e.replyBudget().bodyBytes();
            budget[1] = e.replyBudget().totalBytes();
        });
        dispatcher.onDatagram(PEER, request(1, 20)); // 54-byte datagram
        scheduler.runReady();
        assertEquals(3 * 54 - EnvelopeCodec.HEADER_BYTES, budget[0]);
        assertEquals(3 * 54, budget[1]);
    }

    @Test
    void onlyAReplyMatchingOurOwnRequestVerifiesItsSource() {
        assertFalse(dispatcher.isVerified(PEER));
        // A request from it proves nothing: its source address may be forged.
        dispatcher.register(RootCode.KADEMLIA, e -> { });
        dispatcher.onDatagram(PEER, request(1, 0));
        scheduler.runReady();
        assertFalse(dispatcher.isVerified(PEER));
        // Nor does a reply nobody awaits, or a reply to our request from another address.
        dispatcher.onDatagram(PEER, codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(99), THEM,
                new byte[0]).replyWith((byte) 0x81, THEM, new byte[0])));
        CompletableFuture<Message> f = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        Message ours = sent.remove(sent.size() - 1).message();
        dispatcher.onDatagram(SPOOFER, codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[0])));
        assertFalse(dispatcher.isVerified(PEER));
        assertFalse(dispatcher.isVerified(SPOOFER));
        dispatcher.onDatagram(PEER, codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[0])));
        assertTrue(f.isDone());
        assertTrue(dispatcher.isVerified(PEER));
        assertEquals(1, dispatcher.stats().verifiedSources());
    }

    @Test
    void anOverBudgetReplyToAnUnverifiedSourceIsRefusedAndCounted() {
        dispatcher.register(RootCode.KADEMLIA, e -> e.reply((byte) 0x81, new byte[e.replyBudget().bodyBytes() + 1]));
        dispatcher.onDatagram(PEER, request(1, 20));
        scheduler.runReady();
        assertTrue(sent.isEmpty(), "nothing may go back");
        assertEquals(1, dispatcher.stats().repliesRefusedOverBudget());
    }

    @Test
    void aReplyExactlyAtTheBudgetGoesOutAndIsAtMostThreeTimesTheRequest() {
        dispatcher.register(RootCode.KADEMLIA, e -> e.reply((byte) 0x81, new byte[e.replyBudget().bodyBytes()]));
        byte[] request = request(1, 20);
        dispatcher.onDatagram(PEER, request);
        scheduler.runReady();
        assertEquals(1, sent.size());
        assertEquals(3 * request.length, sent.get(0).bytes());
        assertEquals(0, dispatcher.stats().repliesRefusedOverBudget());
        assertTrue(dispatcher.hasAnswered(PEER));
        assertFalse(dispatcher.hasAnswered(SPOOFER));
    }

    @Test
    void aVerifiedSourceGetsAFullSizeReply() {
        verifyPeerByAnsweredRequest();
        int[] budget = new int[1];
        dispatcher.register(RootCode.KADEMLIA, e -> {
            budget[0] = e.replyBudget().bodyBytes();
            e.reply((byte) 0x81, new byte[codec.maxBodyBytes()]);
        });
        dispatcher.onDatagram(PEER, request(1, 0));
        scheduler.runReady();
        assertEquals(codec.maxBodyBytes(), budget[0]);
        assertEquals(1, sent.size());
        assertEquals(codec.maxDatagramBytes(), sent.get(0).bytes());
        assertEquals(0, dispatcher.stats().repliesRefusedOverBudget());
    }
}
