package peerconnect.adapter.gossip;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.adapter.gossip.GossipCounters.Count;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RootCode;

/**
 * ADDRESS_CHECK, both ways (docs/PROTOCOL.md, "Amplification"). Outbound: before this node sends
 * more than a small reply to an address that has not proven it is really there (the source of a
 * first-hop search, the reply-to of a search, the source of a digest whose answer did not fit), it
 * sends a check and goes on only once the check is answered from there. Inbound: it answers a plain
 * check, and a check naming a search only if that search is its own and still waiting, so a search
 * forged with a victim's address is never confirmed. Called under the node's lock.
 */
final class SourceCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SourceCheck.class);
    /**
     * Address checks awaiting their answer at once: each holds a reply-registry slot and a little state
     * for the event it gates, so a flood of unverified searches or digests cannot pile them up.
     */
    static final int MAX_CHECKS_IN_FLIGHT = 64;
    /** Body of an ADDRESS_CHECK: the token. */
    static final int CHECK_BODY_BYTES = 8;

    private final GossipCore core;
    // ---- guarded by the lock ----
    private int inFlight;

    SourceCheck(GossipCore core) {
        this.core = core;
    }

    /**
     * As {@link #checkThen}, paid for from {@code allowance}, the budget of the event that asks for
     * the check: {@code failed} runs at once if the check does not fit it.
     */
    void checkWithin(ReplyAllowance allowance, NodeAddress to, long token, Runnable confirmed, Runnable failed) {
        if (inFlight >= MAX_CHECKS_IN_FLIGHT || !allowance.spend(CHECK_BODY_BYTES)) {
            failed.run();
            return;
        }
        checkThen(to, token, confirmed, failed);
    }

    /**
     * Sends an ADDRESS_CHECK with {@code token} to {@code to} and runs {@code confirmed} once it is
     * answered from there (the dispatcher then also counts {@code to} as verified), or {@code failed}
     * if it is not, or cannot be sent: at most {@link #MAX_CHECKS_IN_FLIGHT} at once. {@code failed}
     * runs under the lock; {@code confirmed} after it is released, so it takes the lock itself.
     */
    void checkThen(NodeAddress to, long token, Runnable confirmed, Runnable failed) {
        if (inFlight >= MAX_CHECKS_IN_FLIGHT) {
            failed.run();
            return;
        }
        CompletableFuture<Message> answer;
        try {
            answer = core.dispatcher.request(to, RootCode.GOSSIP, GossipOp.ADDRESS_CHECK.code(),
                    GossipCodec.encode(new GossipBody.AddressCheck(token)));
        } catch (RuntimeException e) {
            core.counters.add(Count.SEND_FAILURES);
            failed.run();
            return;
        }
        inFlight++;
        answer.whenComplete((reply, failure) -> {
            core.lock.lock();
            try {
                inFlight--;
                if (failure != null || core.closed()) {
                    failed.run();
                    return;
                }
            } finally {
                core.lock.unlock();
            }
            confirmed.run();
        });
    }

    /**
     * Answers {@code check} (with a reply as large as the check) if it is a plain one or its token is
     * a search of ours that {@code ownSearchWaiting} says is still waiting; else it is refused.
     */
    void handleCheck(GossipBody.AddressCheck check, RequestEvent event, LongPredicate ownSearchWaiting) {
        if (check.token() != 0 && !ownSearchWaiting.test(check.token())) {
            core.reject(GossipRejection.UNCONFIRMED_CHECK, event);
            return;
        }
        try {
            event.reply(GossipOp.ADDRESS_CHECK.code(), GossipCodec.encode(check));
        } catch (RuntimeException e) {
            core.counters.add(Count.SEND_FAILURES);
            LOG.debug("could not answer address check from={}: {}", event.from(), e.toString());
        }
    }
}
