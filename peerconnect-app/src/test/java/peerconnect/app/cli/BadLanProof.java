package peerconnect.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof run of the bad LAN, not part of {@code mvn verify} (its name matches no test pattern):
 * six processes of the runtime image in an {@link ImpairedLan} with {@link ImpairedLan.Impairment#BAD}
 * on every link, then per run:
 * <ol>
 *   <li>all six launched at once (no {@code --peer}); the LAN has formed when each lists the five others;</li>
 *   <li>each node puts a value and every node gets all six; each node gossips a rumor and every other node
 *       must print it; then the {@code kademlia.evictions} counters are read: every peer is alive in this
 *       phase, so each eviction is of a live peer;</li>
 *   <li>nodes 2 and 5 are SIGKILLed and restarted at once on the same data directory (a new port): time from
 *       its console up to listing the five others, and until the four others list it at its new address;</li>
 *   <li>the LAN is cut into {1,2,3} and {4,5,6} for {@code netlab.cut} seconds; node 1 and node 4 each put a
 *       value and gossip a rumor during the cut; after the heal, the time until every node of the other side
 *       gets the value and has printed the rumor;</li>
 *   <li>the largest resident memory of the six JVMs.</li>
 * </ol>
 * Prints one table row per run and a summary. Run it with
 * {@code mvn -B -o -pl peerconnect-app -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=BadLanProof -Dnetlab.runs=20} (also {@code -Dnetlab.seed}, {@code -Dnetlab.cut}). Needs root,
 * {@code ip} and a JDK 22+ (for the bridge); skipped, saying why, otherwise. Every wait is bounded.
 */
class BadLanProof {
    private static final int NODES = 6;
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(30);
    private static final List<Integer> RESTARTED = List.of(2, 5);

    @TempDir
    Path data;

    /** The figures of one run; times in ms, -1 = not reached within {@link #PHASE_LIMIT}. */
    record Row(int run, long seed, long formedMs, int gets, int getsOk, int rumors, int rumorsOk, long liveEvictions,
               String restartConsoleMs, long restartSeesMs, long restartSeenMs, long healRumorMs, long healValueMs,
               long evictionsTotal, long maxRssMib) {

        static String header() {
            return "| run | seed | formed ms | gets | rumors | live evictions | restarted: console up ms | sees peers ms"
                    + " | seen at new address ms | heal: rumors ms | heal: values ms | evictions (all) | max RSS MiB |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
        }

        String line() {
            return "| " + run + " | " + seed + " | " + ms(formedMs) + " | " + getsOk + "/" + gets + " | " + rumorsOk + "/"
                    + rumors + " | " + liveEvictions + " | " + restartConsoleMs + " | " + ms(restartSeesMs) + " | "
                    + ms(restartSeenMs) + " | " + ms(healRumorMs) + " | " + ms(healValueMs) + " | " + evictionsTotal
                    + " | " + maxRssMib + " |";
        }

        private static String ms(long v) {
            return v < 0 ? "missed" : Long.toString(v);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.HOURS)
    void sixImageNodesOnABadLanSurviveKillsAndAPartition() throws Exception {
        Optional<String> reason = ImpairedLan.unavailableReason()
                .or(() -> Files.isExecutable(ImageNode.IMAGE) ? Optional.empty()
                        : Optional.of("no runtime image at " + ImageNode.IMAGE + " (built by package)"));
        if (reason.isPresent()) {
            System.err.println("BadLanProof skipped: " + reason.get());
        }
        Assumptions.assumeTrue(reason.isEmpty(), reason.orElse(""));
        ImpairedLan.removeLeftovers();
        int runs = Integer.getInteger("netlab.runs", 1);
        long seed = Long.getLong("netlab.seed", 1);
        List<Row> rows = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Row row = oneRun(run, seed + run - 1);
            rows.add(row);
            System.out.println("bad LAN run: " + row.line() + " load " + Files.readString(Path.of("/proc/loadavg")).strip());
        }
        System.out.println("bad LAN proof, " + ImpairedLan.Impairment.BAD + ", " + runs + " runs:");
        System.out.println(Row.header());
        rows.forEach(r -> System.out.println(r.line()));
        long perfect = rows.stream().filter(r -> r.getsOk() == r.gets() && r.rumorsOk() == r.rumors()).count();
        long noLiveEviction = rows.stream().filter(r -> r.liveEvictions() == 0).count();
        long restartGoal = rows.stream().filter(r -> r.restartSeesMs() >= 0 && r.restartSeesMs() <= 2000
                && r.restartSeenMs() >= 0 && r.restartSeenMs() <= 2000).count();
        long healGoal = rows.stream().filter(r -> r.healRumorMs() >= 0 && r.healRumorMs() <= 10_000
                && r.healValueMs() >= 0 && r.healValueMs() <= 10_000).count();
        System.out.printf("bad LAN summary: every get and rumor delivered in %d/%d runs; no live eviction in %d/%d;"
                + " restart seen both ways within 2 s in %d/%d; heal within 10 s in %d/%d; max RSS %d MiB%n",
                perfect, runs, noLiveEviction, runs, restartGoal, runs, healGoal, runs,
                rows.stream().mapToLong(Row::maxRssMib).max().orElse(0));
    }

    private Row oneRun(int run, long seed) throws Exception {
        Path dir = data.resolve("run" + run);
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        try (ImpairedLan lan = new ImpairedLan(NODES, seed)) {
            lan.impair(ImpairedLan.Impairment.BAD);
            ImageNode[] nodes = new ImageNode[NODES + 1];
            for (int i = 1; i <= NODES; i++) {
                nodes[i] = ImageNode.launch(lan, i, dir.resolve("n" + i), "bad" + i);
            }
            for (int i = 1; i <= NODES; i++) {
                nodes[i].awaitBanner(Duration.ofSeconds(90));
            }
            long lastBanner = System.nanoTime();
            long formedMs = slowest(untilAll(pool, nodes, allNodes(), node -> others(nodes, node).stream()
                    .allMatch(nodeContacts(node)::containsKey), lastBanner), allNodes());

            // Gets and rumors on the steady bad LAN.
            for (int i = 1; i <= NODES; i++) {
                nodes[i].type("put k" + run + "-" + i + " value of " + i);
            }
            for (int i = 1; i <= NODES; i++) {
                int n = i;
                nodes[i].expect(l -> l.startsWith("stored 'k" + run + "-" + n) || l.startsWith("error"), PHASE_LIMIT);
            }
            List<Future<Integer>> got = new ArrayList<>();
            for (int i = 1; i <= NODES; i++) {
                ImageNode node = nodes[i];
                got.add(pool.submit(() -> {
                    int ok = 0;
                    for (int k = 1; k <= NODES; k++) {
                        if (getFinds(node, "k" + run + "-" + k, "value of " + k)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int getsOk = 0;
            for (Future<Integer> f : got) {
                getsOk += f.get(5, TimeUnit.MINUTES);
            }
            for (int i = 1; i <= NODES; i++) {
                nodes[i].type("gossip rumor " + run + " of " + i);
            }
            int rumorsOk = countRumors(nodes, allNodes(), run, PHASE_LIMIT);
            long liveEvictions = evictions(nodes);

            // SIGKILL and restart.
            for (int i : RESTARTED) {
                nodes[i].kill();
            }
            for (int i : RESTARTED) {
                nodes[i] = ImageNode.launch(lan, i, dir.resolve("n" + i), "bad" + i);
            }
            List<String> consoleUp = new ArrayList<>();
            for (int i : RESTARTED) {
                nodes[i].awaitBanner(Duration.ofSeconds(90));
                consoleUp.add(Long.toString((nodes[i].bannerNanos - nodes[i].launchedNanos) / 1_000_000));
            }
            long restarted = System.nanoTime();
            // Both ways at once: the restarted nodes list the five others; the others list them at their new address.
            Map<Integer, Long> restartTimes = untilAll(pool, nodes, allNodes(), node -> {
                Map<String, String> contacts = nodeContacts(node);
                return RESTARTED.contains(node.host) ? others(nodes, node).stream().allMatch(contacts::containsKey)
                        : RESTARTED.stream().allMatch(r -> nodes[r].address().equals(contacts.get(nodes[r].id())));
            }, restarted);
            long seesMs = slowest(restartTimes, RESTARTED);
            long seenMs = slowest(restartTimes, allNodes().stream().filter(i -> !RESTARTED.contains(i)).toList());

            // Partition and heal.
            long evictionsBeforeCut = evictions(nodes);
            lan.cut(List.of(List.of(1, 2, 3), List.of(4, 5, 6)));
            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.getLong("netlab.cut", 15)));
            nodes[1].type("put a" + run + " from side a");
            nodes[4].type("put b" + run + " from side b");
            nodes[1].expect(l -> l.startsWith("stored 'a" + run) || l.startsWith("error"), PHASE_LIMIT);
            nodes[4].expect(l -> l.startsWith("stored 'b" + run) || l.startsWith("error"), PHASE_LIMIT);
            nodes[1].type("gossip cut rumor a" + run);
            nodes[4].type("gossip cut rumor b" + run);
            Thread.sleep(500); // let each rumor spread on its own side first
            lan.heal();
            long healed = System.nanoTime();
            List<Integer> sideA = List.of(1, 2, 3);
            List<Integer> sideB = List.of(4, 5, 6);
            // Values by polling get; rumors by the time the console printed them (so a slow get does not hide it).
            Map<Integer, Long> valueTimes = untilAll(pool, nodes, allNodes(), node -> sideA.contains(node.host)
                    ? getFinds(node, "b" + run, "from side b") : getFinds(node, "a" + run, "from side a"), healed);
            long valueMs = slowest(valueTimes, allNodes());
            long rumorMs = 0;
            long rumorDeadline = healed + PHASE_LIMIT.toNanos();
            for (int i = 1; i <= NODES && rumorMs >= 0; i++) {
                String line = "gossip from " + nodes[sideA.contains(i) ? 4 : 1].id() + ": cut rumor "
                        + (sideA.contains(i) ? "b" : "a") + run;
                while (!nodes[i].printed(line) && System.nanoTime() < rumorDeadline) {
                    Thread.sleep(100);
                }
                Optional<Long> at = nodes[i].printedAt(line).filter(t -> t - healed <= PHASE_LIMIT.toNanos());
                rumorMs = at.isEmpty() ? -1 : Math.max(rumorMs, rumorMsOf(at.get(), healed));
            }
            long evictionsTotal = evictions(nodes);
            long rss = 0;
            for (int i = 1; i <= NODES; i++) {
                rss = Math.max(rss, nodes[i].residentMib());
            }
            for (int i = 1; i <= NODES; i++) {
                nodes[i].quit(Duration.ofSeconds(20));
            }
            System.out.printf("bad LAN run %d: evictions before the cut %d, bridge %s%n", run, evictionsBeforeCut, lan.stats());
            return new Row(run, seed, formedMs, NODES * NODES, getsOk, NODES * (NODES - 1), rumorsOk, liveEvictions,
                    String.join("/", consoleUp), seesMs, seenMs, rumorMs, valueMs, evictionsTotal, rss);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> allNodes() {
        return List.of(1, 2, 3, 4, 5, 6);
    }

    private static List<String> others(ImageNode[] nodes, ImageNode node) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            if (i != node.host) {
                ids.add(nodes[i].id());
            }
        }
        return ids;
    }

    private static Map<String, String> nodeContacts(ImageNode node) {
        try {
            return node.contacts();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private static boolean getFinds(ImageNode node, String key, String value) {
        try {
            node.type("get " + key + " --json");
            String answer = node.expect(l -> l.startsWith("{\"key\":\"" + key + "\"") || l.startsWith("error"), PHASE_LIMIT);
            return answer.contains("\"found\":true") && answer.contains("\"value\":\"" + value + "\"");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A condition checked on one node. */
    private interface Check {
        boolean holds(ImageNode node) throws Exception;
    }

    private static long rumorMsOf(long printedNanos, long healed) {
        return Math.max(0, (printedNanos - healed) / 1_000_000);
    }

    /** The largest time of {@code which} in {@code times}, or -1 if one of them missed. */
    private static long slowest(Map<Integer, Long> times, List<Integer> which) {
        long max = 0;
        for (int i : which) {
            long t = times.getOrDefault(i, -1L);
            if (t < 0) {
                return -1;
            }
            max = Math.max(max, t);
        }
        return max;
    }

    /**
     * Polls {@code check} on each of {@code which} (in parallel, every 100 ms) until it holds on all or the
     * phase limit passes; returns per node the ms from {@code since} to the first time it held, -1 if it did not.
     */
    private static Map<Integer, Long> untilAll(ExecutorService pool, ImageNode[] nodes, List<Integer> which, Check check,
                                               long since) throws Exception {
        Map<Integer, Future<Long>> done = new java.util.TreeMap<>();
        long deadline = since + PHASE_LIMIT.toNanos();
        for (int i : which) {
            ImageNode node = nodes[i];
            Callable<Long> poll = () -> {
                while (System.nanoTime() < deadline) {
                    if (check.holds(node)) {
                        return (System.nanoTime() - since) / 1_000_000;
                    }
                    Thread.sleep(100);
                }
                return -1L;
            };
            done.put(i, pool.submit(poll));
        }
        Map<Integer, Long> times = new java.util.TreeMap<>();
        for (Map.Entry<Integer, Future<Long>> e : done.entrySet()) {
            times.put(e.getKey(), e.getValue().get(PHASE_LIMIT.toSeconds() + 60, TimeUnit.SECONDS));
        }
        return times;
    }

    private static int countRumors(ImageNode[] nodes, List<Integer> which, int run, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int delivered = 0;
        while (System.nanoTime() < deadline) {
            delivered = 0;
            for (int from : which) {
                for (int to : which) {
                    if (from != to && nodes[to].printed("gossip from " + nodes[from].id() + ": rumor " + run + " of " + from)) {
                        delivered++;
                    }
                }
            }
            if (delivered == which.size() * (which.size() - 1)) {
                break;
            }
            Thread.sleep(200);
        }
        return delivered;
    }

    private static long evictions(ImageNode[] nodes) throws InterruptedException {
        long sum = 0;
        for (int i = 1; i <= NODES; i++) {
            sum += nodes[i].counters().getOrDefault("kademlia.evictions", 0L);
        }
        return sum;
    }
}
