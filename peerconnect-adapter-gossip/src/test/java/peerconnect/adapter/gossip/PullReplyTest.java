package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;
import peerconnect.domain.EnvelopeCodec;

/** The budget arithmetic of an anti-entropy answer, with no network. */
class PullReplyTest {
    private static final int ENVELOPE = EnvelopeCodec.HEADER_BYTES;
    private static final PeerId ORIGIN = PeerId.fromHex("01".repeat(20));
    /** A rumor of 100 payload bytes: a datagram of 34 + 31 + 100 = 165 bytes. */
    private static final int RUMOR_DATAGRAM = ENVELOPE + GossipCodec.RUMOR_FIXED_BYTES + 100;
    private static final int CHECK_DATAGRAM = ENVELOPE + SourceCheck.CHECK_BODY_BYTES;

    private static List<GossipBody.Rumor> rumors(int n) {
        List<GossipBody.Rumor> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(TestRumors.placeholder(new MessageId(i + 1), ORIGIN, 2, new byte[100]));
        }
        return list;
    }

    @Test
    void aVerifiedSourceGetsEveryRumorAndEveryAskAtOnceAndNoCheck() {
        PullReply reply = PullReply.plan(Integer.MAX_VALUE, rumors(8), new long[] {11, 12, 13});
        assertEquals(rumors(8), reply.rumors());
        assertArrayEquals(new long[] {11, 12, 13}, reply.pullIds());
        assertEquals(List.of(), reply.afterCheck());
    }

    @Test
    void anUnverifiedSourceGetsWhatFitsAfterRoomForACheckAndTheRestOnceItAnswersIt() {
        // Room for the check and two rumors, not three.
        int budget = CHECK_DATAGRAM + 2 * RUMOR_DATAGRAM + RUMOR_DATAGRAM - 1;
        PullReply reply = PullReply.plan(budget, rumors(5), new long[0]);
        assertEquals(rumors(5).subList(0, 2), reply.rumors());
        assertEquals(rumors(5).subList(2, 5), reply.afterCheck());
        assertArrayEquals(new long[0], reply.pullIds());
    }

    @Test
    void thePullRequestTakesTheIdsThatFitAfterTheRumors() {
        // Check, one rumor, then a pull request of two ids (34 + 2 + 16 bytes), not three.
        int budget = CHECK_DATAGRAM + RUMOR_DATAGRAM + ENVELOPE + 2 + 8 * 2 + 7;
        PullReply reply = PullReply.plan(budget, rumors(1), new long[] {21, 22, 23});
        assertEquals(rumors(1), reply.rumors());
        assertArrayEquals(new long[] {21, 22}, reply.pullIds());
        assertEquals(List.of(), reply.afterCheck());
    }

    @Test
    void rumorsThatDoNotFitWhenNotEvenACheckFitsAreNotSentAtAll() {
        PullReply reply = PullReply.plan(CHECK_DATAGRAM - 1, rumors(3), new long[] {1});
        assertEquals(List.of(), reply.rumors());
        assertArrayEquals(new long[0], reply.pullIds());
        assertEquals(List.of(), reply.afterCheck(), "no check fits, so nothing waits for one");
    }

    @Test
    void aSmallerRumorAfterOneThatDidNotFitIsStillSent() {
        List<GossipBody.Rumor> offered = List.of(TestRumors.placeholder(new MessageId(1), ORIGIN, 0, new byte[300]),
                TestRumors.placeholder(new MessageId(2), ORIGIN, 0, new byte[10]));
        PullReply reply = PullReply.plan(CHECK_DATAGRAM + ENVELOPE + GossipCodec.RUMOR_FIXED_BYTES + 10, offered,
                new long[0]);
        assertEquals(offered.subList(1, 2), reply.rumors());
        assertEquals(offered.subList(0, 1), reply.afterCheck());
    }
}
