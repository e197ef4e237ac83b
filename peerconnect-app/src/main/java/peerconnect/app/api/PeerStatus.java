package peerconnect.app.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer of the routing table with how alive the node believes it is.
 *
 * @param peer       the peer
 * @param state      {@code good} (answered lately), {@code questionable} (quiet for long, or missed a
 *                   call or two) or {@code bad} (missed several calls in a row; replaced as soon as a
 *                   live peer wants its place), as BitTorrent's mainline DHT names them
 * @param sinceHeard how long ago the node last heard from it
 * @param srtt       its smoothed round-trip time, {@link Duration#ZERO} before one was measured
 * @param rttSamples answers the round-trip time was measured on
 * @param failures   calls in a row it did not answer
 */
public record PeerStatus(Peer peer, String state, Duration sinceHeard, Duration srtt, long rttSamples, int failures) {
    /** Checks that no part is missing. */
    public PeerStatus {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(sinceHeard, "sinceHeard");
        Objects.requireNonNull(srtt, "srtt");
    }

    /**
     * The smoothed round-trip time, if one was measured.
     *
     * @return {@link #srtt()}, or empty before the first sample
     */
    public Optional<Duration> rtt() {
        return rttSamples == 0 ? Optional.empty() : Optional.of(srtt);
    }

    /**
     * Whether the node suspects the peer is gone: it missed at least one call in a row.
     *
     * @return whether {@link #failures()} is above 0
     */
    public boolean suspected() {
        return failures > 0;
    }
}
