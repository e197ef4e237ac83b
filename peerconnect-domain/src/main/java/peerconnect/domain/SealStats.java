package peerconnect.domain;

/**
 * Counters of a {@link SealStage}: datagrams sealed and sent, received and opened, received
 * but rejected, by reason (a replay is counted only as replayed, not as opened), and received but
 * refused unopened by the receiver's rate limits. Every received datagram is counted in exactly one
 * of opened, a rejection or rate-limited.
 */
public record SealStats(long sealed, long opened, long rejectedBadLength, long rejectedWrongMagic,
                        long rejectedBadTag, long rejectedReplayed, long rateLimited) {

    /** Counters with nothing refused by rate limits. */
    public SealStats(long sealed, long opened, long rejectedBadLength, long rejectedWrongMagic, long rejectedBadTag,
                     long rejectedReplayed) {
        this(sealed, opened, rejectedBadLength, rejectedWrongMagic, rejectedBadTag, rejectedReplayed, 0);
    }

    /** All received datagrams that did not open. */
    public long rejected() {
        return rejectedBadLength + rejectedWrongMagic + rejectedBadTag + rejectedReplayed;
    }
}
