package peerconnect.adapter.gossip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a node sends back for one DIGEST or PULL_REQUEST, decided within the reply budget of the
 * request's source (docs/PROTOCOL.md, "Amplification"; {@link ReplyAllowance}), in this order:
 * the {@link #rumors} that fit, then a PULL_REQUEST for the {@link #pullIds} that fit after them,
 * then, if rumors were held back and an address check fits, the check, and once it is answered the
 * {@link #afterCheck} rumors. A verified source has no limit, so it gets everything at once.
 *
 * @param rumors     sent now, in order
 * @param pullIds    ids asked for in one PULL_REQUEST; none: no request
 * @param afterCheck sent once the source answers an address check; none: no check
 */
record PullReply(List<GossipBody.Rumor> rumors, long[] pullIds, List<GossipBody.Rumor> afterCheck) {

    PullReply {
        rumors = List.copyOf(rumors);
        pullIds = pullIds.clone();
        afterCheck = List.copyOf(afterCheck);
    }

    /**
     * The reply to a source that may be sent {@code replyBudgetBytes} (its request's
     * {@code replyBudget().totalBytes()}; {@link Integer#MAX_VALUE} for a verified source), offering
     * {@code offered} and asking for {@code wanted}. Room for one address check is set aside first
     * (an unverified source only); each offered rumor is sent if it fits what is left, else held for
     * the check; the pull request takes as many of the wanted ids as fit after the rumors. Rumors held
     * back with no room for a check are not sent at all. Pure.
     */
    static PullReply plan(int replyBudgetBytes, List<GossipBody.Rumor> offered, long[] wanted) {
        ReplyAllowance allowance = new ReplyAllowance(replyBudgetBytes);
        boolean checkReserved = allowance.reserve(SourceCheck.CHECK_BODY_BYTES);
        List<GossipBody.Rumor> now = new ArrayList<>(offered.size());
        List<GossipBody.Rumor> heldBack = new ArrayList<>(0);
        for (GossipBody.Rumor r : offered) {
            if (allowance.spend(GossipCodec.encode(r).length)) {
                now.add(r);
            } else {
                heldBack.add(r);
            }
        }
        // A PULL_REQUEST body is a two-byte count and eight bytes per id.
        int fit = Math.min(wanted.length, Math.max(0, (allowance.bodyRoom() - 2) / 8));
        long[] ask = fit > 0 && allowance.spend(2 + 8 * fit) ? Arrays.copyOf(wanted, fit) : new long[0];
        return new PullReply(now, ask, checkReserved ? heldBack : List.of());
    }

    @Override
    public long[] pullIds() {
        return pullIds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PullReply p && rumors.equals(p.rumors) && Arrays.equals(pullIds, p.pullIds)
                && afterCheck.equals(p.afterCheck);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rumors.hashCode() + Arrays.hashCode(pullIds)) + afterCheck.hashCode();
    }

    @Override
    public String toString() {
        return "PullReply[rumors=" + rumors + ", pullIds=" + Arrays.toString(pullIds) + ", afterCheck="
                + afterCheck + "]";
    }
}
