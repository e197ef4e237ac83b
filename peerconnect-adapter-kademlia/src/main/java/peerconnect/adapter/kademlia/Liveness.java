package peerconnect.adapter.kademlia;

import peerconnect.ports.ContactState;

/**
 * What this node believes about a contact of its routing table, as BitTorrent's mainline DHT (BEP 5)
 * sorts its nodes: {@link Good} answered lately, {@link Questionable} has been quiet for long or missed
 * an answer, {@link Bad} missed several answers in a row. Only a bad contact may be evicted, and only
 * as {@link LivenessRules#evict} allows. Moves between states only by {@link LivenessRules#next}.
 */
sealed interface Liveness {

    /** When this node last heard from the contact, milliseconds of its clock. */
    long lastHeard();

    /** Calls in a row the contact did not answer (each after its retries). */
    int failures();

    /** The state as the ports name it, for snapshots. */
    ContactState word();

    /**
     * Answered one of our calls at most {@link LivenessRules.Policy#questionableAfterMillis} ago, and
     * has missed none since.
     */
    record Good(long lastHeard) implements Liveness {
        @Override
        public int failures() {
            return 0;
        }

        @Override
        public ContactState word() {
            return ContactState.GOOD;
        }
    }

    /**
     * Quiet for longer than the policy allows ({@code failures == 0}), or missed fewer answers in a row
     * than make it bad: worth a ping, not an eviction.
     */
    record Questionable(long lastHeard, int failures) implements Liveness {
        @Override
        public ContactState word() {
            return ContactState.QUESTIONABLE;
        }
    }

    /** Missed {@link LivenessRules.Policy#badAfterFailures} answers or more in a row. */
    record Bad(long lastHeard, int failures) implements Liveness {
        @Override
        public ContactState word() {
            return ContactState.BAD;
        }
    }
}
