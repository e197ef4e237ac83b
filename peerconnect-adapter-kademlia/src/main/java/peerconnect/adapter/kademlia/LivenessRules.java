package peerconnect.adapter.kademlia;

import java.time.Duration;

/**
 * The contact liveness state machine, pure: {@link #next} moves a {@link Liveness} on a
 * {@link LivenessEvent}; {@link #evict} says whether a contact may leave the table; {@link #recheckAfter}
 * says when a contact that missed an answer is asked again.
 *
 * <p>Why several strikes: on a LAN with 10 % loss one call (two attempts) fails with probability
 * about {@code (1 - 0.9 * 0.9)^2 = 3.6 %}, so one strike evicted a live peer every few dozen calls.
 * The first miss makes a contact questionable; from then on only its rechecks count, each a ping of
 * four attempts that a live peer misses with probability {@code 0.19^4 ≈ 0.0013}: two more misses
 * (bad) happen to it with probability about {@code 2e-6}, while a dead peer collects them within the
 * recheck schedule (1 + 2 + 4 + 8 s plus the timeouts). The counts and delays are settings
 * ({@link LivenessConfig}).
 */
final class LivenessRules {

    private LivenessRules() {
    }

    /**
     * The limits the rules read.
     *
     * @param questionableAfterMillis a good contact not heard from for this long is questionable
     * @param badAfterFailures        calls in a row without an answer that make a contact bad
     * @param evictAloneAfterFailures calls in a row without an answer after which a bad contact leaves
     *                                the table even when no live replacement waits (else a dead contact
     *                                would stay for ever in a bucket nobody else wants)
     * @param firstRecheckMillis      delay before asking again a contact that missed its first answer
     * @param maxRecheckMillis        longest delay between two such checks
     */
    record Policy(long questionableAfterMillis, int badAfterFailures, int evictAloneAfterFailures,
                  long firstRecheckMillis, long maxRecheckMillis) {
        Policy {
            if (badAfterFailures < 1 || evictAloneAfterFailures < badAfterFailures) {
                throw new IllegalArgumentException("need 1 <= badAfterFailures <= evictAloneAfterFailures, got "
                        + badAfterFailures + ", " + evictAloneAfterFailures);
            }
            if (questionableAfterMillis <= 0 || firstRecheckMillis <= 0 || maxRecheckMillis < firstRecheckMillis) {
                throw new IllegalArgumentException("liveness delays must be positive and ordered");
            }
        }

        /** The limits of {@code config}, in milliseconds. */
        static Policy of(LivenessConfig config) {
            return new Policy(config.questionableAfter().toMillis(), config.badAfterFailures(),
                    config.evictAloneAfterFailures(), config.firstRecheck().toMillis(), config.maxRecheck().toMillis());
        }

        /** The limits of {@link LivenessConfig#defaults()} (see there for the reasons). */
        static Policy defaults() {
            return of(LivenessConfig.defaults());
        }
    }

    /** The state after {@code event}. */
    static Liveness next(Liveness current, LivenessEvent event, Policy p) {
        return switch (event) {
            case LivenessEvent.Answered a -> new Liveness.Good(Math.max(current.lastHeard(), a.at()));
            // Once a contact has missed a call, its rechecks decide: the ordinary calls that lookups keep
            // making to it miss at the loss rate (3.6 % at 10 %), and counting them let a busy live contact
            // collect three misses between two rechecks.
            case LivenessEvent.Failed f when current.failures() > 0 && !f.thorough() -> current;
            case LivenessEvent.Failed f -> {
                int failures = current.failures() + 1;
                yield failures >= p.badAfterFailures()
                        ? new Liveness.Bad(current.lastHeard(), failures)
                        : new Liveness.Questionable(current.lastHeard(), failures);
            }
            case LivenessEvent.Heard h -> switch (current) {
                case Liveness.Good g -> new Liveness.Good(Math.max(g.lastHeard(), h.at()));
                case Liveness.Questionable q when q.failures() == 0 -> new Liveness.Good(Math.max(q.lastHeard(), h.at()));
                case Liveness.Questionable q -> new Liveness.Questionable(Math.max(q.lastHeard(), h.at()), q.failures());
                case Liveness.Bad b -> new Liveness.Bad(Math.max(b.lastHeard(), h.at()), b.failures());
            };
            case LivenessEvent.Aged a -> current instanceof Liveness.Good g
                    && a.at() - g.lastHeard() >= p.questionableAfterMillis()
                    ? new Liveness.Questionable(g.lastHeard(), 0) : current;
        };
    }

    /**
     * Whether the contact may leave the table now: only a bad one, and only to make room for a
     * replacement that answered us ({@code liveReplacement}), or once it missed
     * {@link Policy#evictAloneAfterFailures} calls in a row.
     */
    static boolean evict(Liveness current, boolean liveReplacement, Policy p) {
        return current instanceof Liveness.Bad b
                && (liveReplacement || b.failures() >= p.evictAloneAfterFailures());
    }

    /**
     * How long to wait before pinging a contact that has missed {@code failures} calls in a row:
     * {@link Policy#firstRecheckMillis} doubling per further miss, at most
     * {@link Policy#maxRecheckMillis}; nothing to recheck with no miss.
     *
     * @return milliseconds, or -1 when no recheck is due
     */
    static long recheckAfter(int failures, Policy p) {
        if (failures <= 0) {
            return -1;
        }
        long delay = p.firstRecheckMillis();
        for (int i = 1; i < failures && delay < p.maxRecheckMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, p.maxRecheckMillis());
    }
}
