package peerconnect.ports;

/**
 * Counters of a {@link SealedTransport}: datagrams sealed and sent, received and opened, and received
 * but rejected, by reason (a replay is counted only as replayed, not as opened). Every received datagram is counted in exactly one of opened or a rejection.
 */
public record SealStats(long sealed, long opened, long rejectedBadLength, long rejectedWrongMagic,
                        long rejectedBadTag, long rejectedReplayed) {

    /** All received datagrams that did not open. */
    public long rejected() {
        return rejectedBadLength + rejectedWrongMagic + rejectedBadTag + rejectedReplayed;
    }
}
