package peerconnect.adapter.kademlia;

/**
 * A contact's round-trip time as TCP estimates it (RFC 6298): a smoothed RTT and its mean deviation,
 * updated by each answered attempt, giving the timeout of the next attempt. Immutable.
 *
 * <p>Every attempt of an RPC is its own request with its own message id, so a reply always belongs
 * to one attempt and every sample is clean: Karn's rule (ignore samples of retransmissions) is not
 * needed here.
 *
 * @param srttMillis   smoothed round trip, milliseconds (0 before the first sample)
 * @param rttvarMillis mean deviation of the round trip, milliseconds
 * @param samples      answered attempts measured
 */
record RttEstimate(double srttMillis, double rttvarMillis, long samples) {

    /** No sample yet: the first timeout is the configured one. */
    static final RttEstimate NONE = new RttEstimate(0, 0, 0);

    /** The estimate after one more answered attempt that took {@code sampleMillis}. */
    RttEstimate update(long sampleMillis) {
        double r = Math.max(0, sampleMillis);
        if (samples == 0) {
            return new RttEstimate(r, r / 2, 1);
        }
        // RFC 6298, section 2.3: beta = 1/4, alpha = 1/8.
        double rttvar = 0.75 * rttvarMillis + 0.25 * Math.abs(srttMillis - r);
        double srtt = 0.875 * srttMillis + 0.125 * r;
        return new RttEstimate(srtt, rttvar, samples + 1);
    }

    /**
     * How long one attempt to this contact should wait: {@code srtt + 4 * rttvar} within
     * {@code [minMillis, maxMillis]}; {@code initialMillis} before the first sample.
     */
    long timeoutMillis(long initialMillis, long minMillis, long maxMillis) {
        if (samples == 0) {
            return initialMillis;
        }
        long rto = (long) Math.ceil(srttMillis + 4 * rttvarMillis);
        return Math.max(minMillis, Math.min(maxMillis, rto));
    }
}
