package peerconnect.ports;

/**
 * Counters of a {@link SealedTransport}: datagrams sealed and sent, received and opened, and received
 * but rejected, by reason. Every received datagram is counted in exactly one of opened or a rejection.
 */
public record SealStats(long sealed, long opened, long rejectedBadLength, long rejectedWrongMagic,
                        long rejectedBadTag) {

    /** All received datagrams that did not open. */
    public long rejected() {
        return rejectedBadLength + rejectedWrongMagic + rejectedBadTag;
    }
}
