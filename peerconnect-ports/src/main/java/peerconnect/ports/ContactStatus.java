package peerconnect.ports;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import peerconnect.domain.PeerContact;

/**
 * One contact of a {@link PeerDirectory} with what the node knows of its liveness.
 *
 * @param contact     the peer's id and address
 * @param state       how alive it is believed to be
 * @param sinceHeard  how long ago this node last heard from it (zero if unknown)
 * @param srtt        its smoothed round-trip time ({@link Duration#ZERO} before any was measured)
 * @param rttSamples  answered calls the round-trip time was measured on
 * @param failures    calls in a row it did not answer
 * @param name        the name in the peer's verified node record, or empty while no record of it is held
 */
public record ContactStatus(PeerContact contact, ContactState state, Duration sinceHeard, Duration srtt,
                            long rttSamples, int failures, String name) {
    /** Checks that no part is missing or negative. */
    public ContactStatus {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(sinceHeard, "sinceHeard");
        Objects.requireNonNull(srtt, "srtt");
        if (sinceHeard.isNegative() || srtt.isNegative() || rttSamples < 0 || failures < 0) {
            throw new IllegalArgumentException("negative liveness figure: " + sinceHeard + " " + srtt + " "
                    + rttSamples + " " + failures);
        }
    }

    /**
     * A contact with no verified name.
     *
     * @param contact    the peer's id and address
     * @param state      how alive it is believed to be
     * @param sinceHeard how long ago this node last heard from it
     * @param srtt       its smoothed round-trip time
     * @param rttSamples answered calls the round-trip time was measured on
     * @param failures   calls in a row it did not answer
     */
    public ContactStatus(PeerContact contact, ContactState state, Duration sinceHeard, Duration srtt,
                         long rttSamples, int failures) {
        this(contact, state, sinceHeard, srtt, rttSamples, failures, "");
    }

    /** A contact of a directory that tracks no liveness. */
    public static ContactStatus untracked(PeerContact contact) {
        return new ContactStatus(contact, ContactState.UNKNOWN, Duration.ZERO, Duration.ZERO, 0, 0);
    }

    /**
     * The peer's name, as its verified node record gives it.
     *
     * @return the name, or empty while no record of the peer is held
     */
    public Optional<String> verifiedName() {
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /** The smoothed round-trip time, if one was measured. */
    public Optional<Duration> rtt() {
        return rttSamples == 0 ? Optional.empty() : Optional.of(srtt);
    }
}
