package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The amplification rule as a table: what one request of a given size may get back. */
class ReplyBudgetTest {
    private static final int MAX_BODY = EnvelopeCodec.create().maxBodyBytes();

    private record Row(boolean verified, int requestBytes, int totalBytes, int bodyBytes) {
    }

    @Test
    void theBudgetFollowsTheTable() {
        Row[] table = {
            // An empty request (header only): 3 x 34 bytes back, so a 68-byte body.
            new Row(false, 34, 102, 68),
            new Row(false, 54, 162, 128),
            // Large requests are capped by the codec, never by arithmetic.
            new Row(false, 1232, 3696, MAX_BODY),
            // Too small to matter: a budget below a header leaves no body at all.
            new Row(false, 10, 30, 0),
            new Row(true, 34, Integer.MAX_VALUE, MAX_BODY),
        };
        for (Row r : table) {
            ReplyBudget b = ReplyBudget.forRequest(r.verified(), r.requestBytes(), MAX_BODY);
            assertEquals(r.verified(), b.verifiedSource(), r.toString());
            assertEquals(r.totalBytes(), b.totalBytes(), r.toString());
            assertEquals(r.bodyBytes(), b.bodyBytes(), r.toString());
        }
    }

    @Test
    void theLastCheckAllowsExactlyTheBudget() {
        ReplyBudget b = ReplyBudget.forRequest(false, 54, MAX_BODY);
        assertTrue(b.allows(b.bodyBytes()));
        assertFalse(b.allows(b.bodyBytes() + 1));
        assertTrue(ReplyBudget.forRequest(true, 54, MAX_BODY).allows(MAX_BODY + 1), "the codec refuses that, not the budget");
        assertTrue(ReplyBudget.unlimited().allows(Integer.MAX_VALUE));
    }

    @Test
    void aLocalEventIsNotLimitedAndABudgetIsNeverNegative() {
        Message m = Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(1), PeerId.fromHex("bb".repeat(20)),
                new byte[0]);
        assertEquals(ReplyBudget.unlimited(), RequestEvent.local(m, NodeAddress.parse("127.0.0.1:1"),
                Responder.none()).replyBudget());
        assertThrows(IllegalArgumentException.class, () -> new ReplyBudget(false, -1, 0));
    }
}
