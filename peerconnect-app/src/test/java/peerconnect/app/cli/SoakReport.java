package peerconnect.app.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link ValuesSoak} saw, and its figures as text.
 *
 * @param counters         sums over every process of every host of {@link #COUNTERS}, in that order
 * @param heldAtEnd        each host's {@code kademlia.storedValues} at the end
 * @param maxRepublishesPerSecond the most republishes started network-wide in one second (sampled once
 *                         a second per node: a late sample counts its growth in the second it was read)
 * @param maxRepublishRpcsPerSecond the same for the REFRESHes and STOREs those republishes sent
 */
record SoakReport(ValuesSoak.Settings settings, List<ValuesSoak.Put> puts, List<ValuesSoak.Restart> restarts,
                  List<Integer> quitExits, Checks runGets, Checks finalGets, long[] counters, List<Long> heldAtEnd,
                  long maxRepublishesPerSecond, long maxRepublishRpcsPerSecond, int gossipsSent, long gossipOwed,
                  long gossipDelivered, List<String> failures, long startedAtMillis) {

    /** The Kademlia counters summed over every process (names after {@code kademlia.}). */
    static final List<String> COUNTERS = List.of("storesRefused", "rejected.SOURCE_QUOTA", "rejected.STORE_FULL",
            "rejected.NOT_SOURCE", "republishes", "republishRefreshed", "republishStored", "refreshesHandled",
            "journalFailures");

    /** A put from 2 s before a restart until 20 s after its node was back may miss the restarting node. */
    static final long RESTART_MARGIN_BEFORE = 2_000;
    static final long RESTART_MARGIN_AFTER = 20_000;

    /** Counted answers, and the first few that were wrong. */
    static final class Checks {
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong bad = new AtomicLong();
        private final AtomicLong expiredOk = new AtomicLong();
        private final AtomicLong expiredBad = new AtomicLong();
        private final List<String> examples = Collections.synchronizedList(new ArrayList<>());

        void record(boolean good, String detail) {
            (good ? ok : bad).incrementAndGet();
            if (!good && examples.size() < 10) {
                examples.add(detail);
            }
        }

        void recordExpired(boolean gone, String detail) {
            (gone ? expiredOk : expiredBad).incrementAndGet();
            if (!gone && examples.size() < 10) {
                examples.add(detail);
            }
        }

        long ok() {
            return ok.get();
        }

        long bad() {
            return bad.get();
        }

        long expiredOk() {
            return expiredOk.get();
        }

        long expiredBad() {
            return expiredBad.get();
        }

        List<String> examples() {
            synchronized (examples) {
                return List.copyOf(examples);
            }
        }
    }

    long counter(String name) {
        return counters[COUNTERS.indexOf(name)];
    }

    /** Puts whose answer named any refusal (quota, full, not the source). */
    long refusedPuts() {
        return puts.stream().filter(p -> p.refused() > 0).count();
    }

    /** Puts away from every restart that were not stored at all {@code nodes − 1} other peers. */
    List<ValuesSoak.Put> shortPutsAwayFromRestarts() {
        return puts.stream().filter(p -> !nearRestart(p.ackedAtMillis() - p.putMillis()))
                .filter(p -> p.stored() != settings.nodes() - 1 || p.asked() != settings.nodes() - 1).toList();
    }

    /** Puts near a restart that were not stored at all the peers they asked. */
    long partialPutsNearRestarts() {
        return puts.stream().filter(p -> nearRestart(p.ackedAtMillis() - p.putMillis()))
                .filter(p -> p.stored() != p.asked()).count();
    }

    private boolean nearRestart(long at) {
        // The first seconds after all nodes came up count as a restart of them all: a lookup then may
        // still find no peer (seen: "at 0 of 0 peers" in the first second); refusals are still checked.
        if (at <= startedAtMillis + RESTART_MARGIN_AFTER) {
            return true;
        }
        for (ValuesSoak.Restart r : restarts) {
            if (at >= r.downAtMillis() - RESTART_MARGIN_BEFORE && at <= r.upAtMillis() + RESTART_MARGIN_AFTER) {
                return true;
            }
        }
        return false;
    }

    /** Median and 99th percentile of the put latency seen at the console, in ms. */
    long[] putMillis() {
        List<Long> sorted = puts.stream().map(ValuesSoak.Put::putMillis).sorted().toList();
        if (sorted.isEmpty()) {
            return new long[] {0, 0};
        }
        return new long[] {sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100))};
    }

    String format() {
        StringBuilder b = new StringBuilder();
        long[] lat = putMillis();
        b.append(String.format("values soak: %d nodes, %d s, a restart every %d s (quit and SIGKILL in turn), a put every"
                        + " %d s per node (every second one --ttl %d s), a gossip every %d s%n", settings.nodes(),
                settings.duration().toSeconds(), settings.restartEvery().toSeconds(), settings.putEvery().toSeconds(),
                settings.ttl().toSeconds(), settings.gossipEvery().toSeconds()));
        b.append(String.format("  puts acknowledged %d (median %d ms, p99 %d ms); refused anywhere: %d; away from restarts"
                        + " not at all %d peers: %d; near restarts partial: %d%n", puts.size(), lat[0], lat[1],
                refusedPuts(), settings.nodes() - 1, shortPutsAwayFromRestarts().size(), partialPutsNearRestarts()));
        b.append(String.format("  restarts %d: %s; quit exit codes at the end %s%n", restarts.size(), restarts.stream()
                .map(r -> "h" + r.host() + (r.sigkill() ? " kill" : " quit(" + r.quitExit() + ")") + " "
                        + (r.upAtMillis() - r.downAtMillis()) / 100 / 10.0 + "s").toList(), quitExits));
        b.append(String.format("  gets during the run: %d found, %d not; at the end from every node: %d found, %d missing,"
                        + " %d expired and gone, %d expired yet found%n", runGets.ok(), runGets.bad(), finalGets.ok(),
                finalGets.bad(), finalGets.expiredOk(), finalGets.expiredBad()));
        b.append(String.format("  gossip: %d sent, %d of %d deliveries owed to nodes up throughout%n", gossipsSent,
                gossipDelivered, gossipOwed));
        b.append(String.format("  counters (all processes): storesRefused %d, SOURCE_QUOTA %d, STORE_FULL %d, NOT_SOURCE %d,"
                        + " journalFailures %d%n", counter("storesRefused"), counter("rejected.SOURCE_QUOTA"),
                counter("rejected.STORE_FULL"), counter("rejected.NOT_SOURCE"), counter("journalFailures")));
        b.append(String.format("  republish: %d started (most in one second network-wide: %d), peers refreshed %d, sent"
                        + " the value %d (most REFRESH+STORE in one second: %d); REFRESHes answered %d%n",
                counter("republishes"), maxRepublishesPerSecond, counter("republishRefreshed"),
                counter("republishStored"), maxRepublishRpcsPerSecond, counter("refreshesHandled")));
        b.append(String.format("  values held at the end per node: %s%n", heldAtEnd));
        if (!failures.isEmpty()) {
            b.append(String.format("  failures %d, first: %s%n", failures.size(), failures.subList(0, Math.min(5,
                    failures.size()))));
        }
        for (String e : runGets.examples()) {
            b.append("  run get: ").append(e).append('\n');
        }
        for (String e : finalGets.examples()) {
            b.append("  final get: ").append(e).append('\n');
        }
        return b.toString();
    }
}
