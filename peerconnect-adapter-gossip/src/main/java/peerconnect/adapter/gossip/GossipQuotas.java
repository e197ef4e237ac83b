package peerconnect.adapter.gossip;

import static peerconnect.domain.SettingChecks.requireRange;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a gossip node sets on what other peers can make it remember, so that a flood of fresh
 * rumor ids can neither flush its seen-set (which would deliver and forward honest rumors again) nor
 * fill it alone. See "Quotas" in {@code docs/PROTOCOL.md}.
 *
 * @param maxSeenPerSource    seen-set ids first received from one IP address, held at once; a new
 *                            rumor or search from a source at its share is refused and counted
 * @param seenProtection      a seen id younger than this is never evicted to make room: a full set
 *                            refuses new ids instead (counted), so a copy still circulating (pushed, or
 *                            pulled by anti-entropy) is never delivered twice
 * @param maxInformedPerRumor peers remembered per rumor as already having it; beyond it a copy's sender
 *                            is not remembered (at worst it gets a copy it has), so forged sender ids
 *                            cannot grow a rumor's state
 */
public record GossipQuotas(int maxSeenPerSource, Duration seenProtection, int maxInformedPerRumor) {

    public GossipQuotas {
        requireRange("maxSeenPerSource", maxSeenPerSource, 1, 10_000_000);
        Objects.requireNonNull(seenProtection, "seenProtection");
        if (seenProtection.isNegative()) {
            throw new IllegalArgumentException("seenProtection must not be negative: " + seenProtection);
        }
        requireRange("maxInformedPerRumor", maxInformedPerRumor, 1, 100_000);
    }

    /**
     * Defaults for a LAN:
     * <ul>
     *   <li>maxSeenPerSource 8,192: an eighth of the default 65,536-id seen-set, so it takes eight
     *       addresses to fill it; an honest neighbour is the first to bring a node about 1/fanout of
     *       the rumors it forwards, so 8,192 ids in the 10-minute expiry is over 13 rumors a second
     *       from that neighbour alone, far above a LAN's chatter.</li>
     *   <li>seenProtection 60 s: twice the default 30 s anti-entropy window, the longest a rumor is
     *       offered again by digests after a node got it; pushed copies live milliseconds.</li>
     *   <li>maxInformedPerRumor 64: many times the fanout and the copies a rumor normally brings
     *       (about 2.5 forwards per node); one rumor's state stays under a kilobyte.</li>
     * </ul>
     */
    public static GossipQuotas defaults() {
        return new GossipQuotas(8_192, Duration.ofSeconds(60), 64);
    }
}
