package peerconnect.domain;

/** Where {@link Discovery} stands; each state says what the next timer does. */
public sealed interface DiscoveryState {

    /** Not started yet. */
    record Idle() implements DiscoveryState {
    }

    /** Announcing with backoff; {@code round} announcements have been sent after the first. */
    record Searching(int round) implements DiscoveryState {
    }

    /** A peer answered and the DHT was asked to bootstrap from it; announcements go on meanwhile. */
    record Joining(int round) implements DiscoveryState {
    }

    /** Nobody answered during the active rounds: re-announcing now and then, still alone. */
    record Waiting() implements DiscoveryState {
    }

    /** The DHT is bootstrapped: announcing rarely, so that islands find each other when a partition heals. */
    record Joined() implements DiscoveryState {
    }

    /** Stopped: every input is ignored. */
    record Stopped() implements DiscoveryState {
    }
}
