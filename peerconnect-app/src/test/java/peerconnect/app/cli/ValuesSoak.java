package peerconnect.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values soak: {@code nodes} processes of the runtime image, one per namespace of a
 * {@link SoakLan}, each putting a new key every {@code putEvery} (every second one with
 * {@code --ttl}), getting a random earlier key of any node, gossiping every {@code gossipEvery} and
 * reporting its counters ({@code status --json}) every second; every {@code restartEvery} one node is
 * restarted in turn, alternately by {@code quit} and by SIGKILL. At the end every acknowledged value is
 * read from every node. What it saw is a {@link SoakReport}; the caller decides what must hold.
 * Bounded: it stops at {@code duration}, and every console answer is awaited for at most 30 s.
 */
final class ValuesSoak {
    private static final Pattern AT = Pattern.compile(" at (\\d+) of (\\d+) peers?");
    private static final Pattern REFUSED = Pattern.compile("(\\d+) refused: ([a-z ]+)");
    private static final Pattern COUNTER = Pattern.compile("\"kademlia\\.([A-Za-z.]+)\":(\\d+)");
    private static final Pattern GOSSIP = Pattern.compile("^gossip from [0-9a-f]{40}: (soak-g-\\S+)$");
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final int PORT = 7000;

    /** How long and how hard the soak runs. */
    record Settings(int nodes, Duration duration, Duration restartEvery, Duration putEvery, Duration gossipEvery,
                    Duration ttl, long seed) {
    }

    /** A put the console acknowledged. */
    record Put(String key, String value, int host, long ackedAtMillis, long putMillis, boolean withTtl, int stored,
               int asked, int refused, String line) {
    }

    /** One restart: which host, how, when it went down and when it was back with peers. */
    record Restart(int host, boolean sigkill, long downAtMillis, long upAtMillis, int quitExit) {
    }

    /** One host's current process and the lock its driver and the restarter share. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile SoakNode node;
        final List<long[]> upIntervals = Collections.synchronizedList(new ArrayList<>());
        /** The last counters of each past process, and of the current one. */
        final List<Map<String, Long>> lifetimes = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> current = new ConcurrentHashMap<>();
        long lastRepublishes;
        long lastRepublishRpcs;
    }

    private final Settings settings;
    private final Path image;
    private final Path data;
    private final Slot[] slots;
    private final List<Put> acked = Collections.synchronizedList(new ArrayList<>());
    private final List<Restart> restarts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, long[]> gossipSent = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, Boolean>> gossipSeen = new ConcurrentHashMap<>();
    private final Map<Long, long[]> republishPerSecond = new ConcurrentHashMap<>();
    private final SoakReport.Checks runGets = new SoakReport.Checks();
    private long startMillis;

    ValuesSoak(Settings settings, Path image, Path data) {
        this.settings = settings;
        this.image = image;
        this.data = data;
        this.slots = new Slot[settings.nodes() + 1];
        for (int i = 1; i <= settings.nodes(); i++) {
            slots[i] = new Slot();
            gossipSeen.put(i, new ConcurrentHashMap<>());
        }
    }

    SoakReport run() throws Exception {
        try (SoakLan lan = new SoakLan(settings.nodes())) {
            for (int i = 1; i <= settings.nodes(); i++) {
                slots[i].node = start(lan, i);
            }
            for (int i = 1; i <= settings.nodes(); i++) {
                slots[i].node.awaitBanner(Duration.ofSeconds(60));
            }
            for (int i = 1; i <= settings.nodes(); i++) {
                awaitPeers(slots[i].node, settings.nodes() - 1);
                slots[i].upIntervals.add(new long[] {System.currentTimeMillis(), Long.MAX_VALUE});
            }
            startMillis = System.currentTimeMillis();
            long end = startMillis + settings.duration().toMillis();
            List<Thread> drivers = new ArrayList<>();
            for (int i = 1; i <= settings.nodes(); i++) {
                int host = i;
                drivers.add(Thread.ofPlatform().name("soak-driver-" + i).start(() -> drive(host, end)));
            }
            restartInTurn(lan, end);
            for (Thread t : drivers) {
                t.join();
            }
            Thread.sleep(3_000);
            SoakReport.Checks finalGets = finalCheck();
            for (int i = 1; i <= settings.nodes(); i++) {
                sample(i);
            }
            List<Integer> quitExits = new ArrayList<>();
            for (int i = 1; i <= settings.nodes(); i++) {
                quitExits.add(slots[i].node.quit(Duration.ofSeconds(30)));
            }
            return report(finalGets, quitExits);
        }
    }

    private SoakNode start(SoakLan lan, int host) throws java.io.IOException {
        SoakNode node = lan.start(image, host, data.resolve("node" + host), "soak" + host, "--port", String.valueOf(PORT));
        node.onGossip(line -> {
            Matcher m = GOSSIP.matcher(line);
            if (m.find()) {
                gossipSeen.get(host).put(m.group(1), true);
            }
        });
        return node;
    }

    private static void awaitPeers(SoakNode node, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String line = node.ask("peers --json", l -> l.startsWith("{\"peers\""), ANSWER);
            if (line.split("\"id\"", -1).length - 1 >= atLeast) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("node " + node.host + " has fewer than " + atLeast + " peers after 60 s");
    }

    /** One host's steady work, one step a second, until {@code end}. */
    private void drive(int host, long end) {
        SplittableRandom random = new SplittableRandom(settings.seed() * 31 + host);
        long putEverySeconds = Math.max(1, settings.putEvery().toSeconds());
        long gossipEverySeconds = Math.max(1, settings.gossipEvery().toSeconds());
        int puts = 0;
        int gossips = 0;
        for (long tick = 0; ; tick++) {
            long at = startMillis + tick * 1000;
            long wait = at - System.currentTimeMillis();
            if (at >= end) {
                return;
            }
            if (wait > 0) {
                sleep(wait);
            }
            Slot slot = slots[host];
            slot.lock.lock();
            try {
                SoakNode node = slot.node;
                sample(host);
                if (tick % putEverySeconds == host % putEverySeconds) {
                    put(node, host, puts++, random);
                    get(node, random);
                }
                if (tick % gossipEverySeconds == host % gossipEverySeconds) {
                    String text = "soak-g-" + host + "-" + gossips++;
                    gossipSent.put(text, new long[] {host, System.currentTimeMillis()});
                    node.ask("gossip " + text, l -> l.startsWith("sent gossip") || l.startsWith("error:"), ANSWER);
                }
            } catch (RuntimeException | InterruptedException e) {
                failures.add("host " + host + " at " + (System.currentTimeMillis() - startMillis) / 1000 + " s: " + e);
            } finally {
                slot.lock.unlock();
            }
        }
    }

    private void put(SoakNode node, int host, int n, SplittableRandom random) throws InterruptedException {
        String key = "soak-" + host + "-" + n;
        String value = "v" + host + "x" + n + "x" + Long.toHexString(random.nextLong());
        boolean withTtl = n % 2 == 1;
        String command = (withTtl ? "put --ttl " + settings.ttl().toSeconds() + "s " : "put ") + key + " " + value;
        long t0 = System.nanoTime();
        String line = node.ask(command, l -> l.startsWith("stored '" + key + "'") || l.startsWith("error:")
                || l.startsWith("put:"), ANSWER);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Matcher at = AT.matcher(line);
        if (!line.startsWith("stored") || !at.find()) {
            failures.add("host " + host + " put " + key + ": " + line);
            return;
        }
        int refused = 0;
        Matcher r = REFUSED.matcher(line);
        while (r.find()) {
            refused += Integer.parseInt(r.group(1));
        }
        acked.add(new Put(key, value, host, System.currentTimeMillis(), millis, withTtl, Integer.parseInt(at.group(1)),
                Integer.parseInt(at.group(2)), refused, line));
    }

    private void get(SoakNode node, SplittableRandom random) throws InterruptedException {
        Put p;
        synchronized (acked) {
            if (acked.isEmpty()) {
                return;
            }
            p = acked.get(random.nextInt(acked.size()));
        }
        if (p.withTtl() && p.ackedAtMillis() + settings.ttl().toMillis() < System.currentTimeMillis() + 10_000) {
            return; // about to expire, or expired: neither answer proves anything
        }
        String line = node.ask("get " + p.key() + " --json", l -> l.startsWith("{\"key\":\"" + p.key() + "\"")
                || l.startsWith("error:"), ANSWER);
        runGets.record(line.contains("\"found\":true") && line.contains("\"value\":\"" + p.value() + "\""),
                "host " + node.host + " get " + p.key() + ": " + line);
    }

    /** Reads the node's counters; a republish count's growth since the last sample goes into this second. */
    private void sample(int host) {
        Slot slot = slots[host];
        try {
            String line = slot.node.ask("status --json", l -> l.startsWith("{\"id\""), ANSWER);
            Map<String, Long> counters = new ConcurrentHashMap<>();
            Matcher m = COUNTER.matcher(line);
            while (m.find()) {
                counters.put(m.group(1), Long.parseLong(m.group(2)));
            }
            slot.current = counters;
            long republishes = counters.getOrDefault("republishes", 0L);
            long rpcs = counters.getOrDefault("republishRefreshed", 0L) + counters.getOrDefault("republishStored", 0L);
            long second = (System.currentTimeMillis() - startMillis) / 1000;
            long[] sums = republishPerSecond.computeIfAbsent(second, s -> new long[2]);
            synchronized (sums) {
                sums[0] += Math.max(0, republishes - slot.lastRepublishes);
                sums[1] += Math.max(0, rpcs - slot.lastRepublishRpcs);
            }
            slot.lastRepublishes = republishes;
            slot.lastRepublishRpcs = rpcs;
        } catch (RuntimeException | InterruptedException e) {
            failures.add("host " + host + " status: " + e);
        }
    }

    /** Every {@code restartEvery}, the next host in turn: quit, then SIGKILL, alternately. */
    private void restartInTurn(SoakLan lan, long end) throws Exception {
        long every = settings.restartEvery().toMillis();
        for (int r = 1; startMillis + r * every < end - 5_000; r++) {
            sleep(startMillis + r * every - System.currentTimeMillis());
            int host = (r - 1) % settings.nodes() + 1;
            boolean sigkill = r % 2 == 0;
            Slot slot = slots[host];
            slot.lock.lock();
            try {
                long down = System.currentTimeMillis();
                slot.lifetimes.add(slot.current);
                slot.current = new ConcurrentHashMap<>();
                slot.lastRepublishes = 0;
                slot.lastRepublishRpcs = 0;
                closeInterval(slot, down);
                int exit = 0;
                if (sigkill) {
                    slot.node.kill();
                } else {
                    exit = slot.node.quit(Duration.ofSeconds(30));
                }
                slot.node = start(lan, host);
                slot.node.awaitBanner(Duration.ofSeconds(60));
                awaitPeers(slot.node, 1);
                long up = System.currentTimeMillis();
                slot.upIntervals.add(new long[] {up, Long.MAX_VALUE});
                restarts.add(new Restart(host, sigkill, down, up, exit));
            } finally {
                slot.lock.unlock();
            }
        }
    }

    private static void closeInterval(Slot slot, long at) {
        synchronized (slot.upIntervals) {
            long[] last = slot.upIntervals.get(slot.upIntervals.size() - 1);
            last[1] = at;
        }
    }

    /** Every acknowledged value from every node: found with its bytes, or, once its TTL is up, found nowhere. */
    private SoakReport.Checks finalCheck() throws InterruptedException {
        SoakReport.Checks checks = new SoakReport.Checks();
        List<Put> all;
        synchronized (acked) {
            all = List.copyOf(acked);
        }
        List<Thread> readers = new ArrayList<>();
        for (int i = 1; i <= settings.nodes(); i++) {
            SoakNode node = slots[i].node;
            readers.add(Thread.ofPlatform().start(() -> {
                for (Put p : all) {
                    long left = p.withTtl() ? p.ackedAtMillis() + settings.ttl().toMillis() - System.currentTimeMillis()
                            : Long.MAX_VALUE;
                    if (left > -3_000 && left < 10_000) {
                        continue; // at its expiry: either answer is right
                    }
                    try {
                        String line = node.ask("get " + p.key() + " --json", l -> l.startsWith("{\"key\":\"" + p.key()
                                + "\"") || l.startsWith("error:"), ANSWER);
                        boolean found = line.contains("\"found\":true") && line.contains("\"value\":\"" + p.value() + "\"");
                        if (left <= -3_000) {
                            checks.recordExpired(!line.contains("\"found\":true"), "host " + node.host + " still finds "
                                    + p.key() + " " + (-left / 1000) + " s after its TTL: " + line);
                        } else {
                            checks.record(found, "host " + node.host + " get " + p.key() + " (put by " + p.host()
                                    + "): " + line);
                        }
                    } catch (RuntimeException | InterruptedException e) {
                        checks.record(false, "host " + node.host + " get " + p.key() + ": " + e);
                    }
                }
            }));
        }
        for (Thread t : readers) {
            t.join();
        }
        return checks;
    }

    private SoakReport report(SoakReport.Checks finalGets, List<Integer> quitExits) {
        long[] counters = new long[SoakReport.COUNTERS.size()];
        List<Long> held = new ArrayList<>();
        for (int i = 1; i <= settings.nodes(); i++) {
            List<Map<String, Long>> all = new ArrayList<>(slots[i].lifetimes);
            all.add(slots[i].current);
            for (Map<String, Long> c : all) {
                for (int j = 0; j < counters.length; j++) {
                    counters[j] += c.getOrDefault(SoakReport.COUNTERS.get(j), 0L);
                }
            }
            held.add(slots[i].current.getOrDefault("storedValues", -1L));
        }
        long maxRepublishes = 0;
        long maxRepublishRpcs = 0;
        for (long[] s : republishPerSecond.values()) {
            maxRepublishes = Math.max(maxRepublishes, s[0]);
            maxRepublishRpcs = Math.max(maxRepublishRpcs, s[1]);
        }
        // A gossip is owed to every other host that was up from its sending to 15 s later.
        long owed = 0;
        long delivered = 0;
        for (Map.Entry<String, long[]> g : gossipSent.entrySet()) {
            for (int i = 1; i <= settings.nodes(); i++) {
                if (i != g.getValue()[0] && upThroughout(slots[i], g.getValue()[1], g.getValue()[1] + 15_000)) {
                    owed++;
                    if (gossipSeen.get(i).containsKey(g.getKey())) {
                        delivered++;
                    }
                }
            }
        }
        List<Put> puts;
        synchronized (acked) {
            puts = List.copyOf(acked);
        }
        return new SoakReport(settings, puts, List.copyOf(restarts), quitExits, runGets, finalGets, counters, held,
                maxRepublishes, maxRepublishRpcs, gossipSent.size(), owed, delivered, List.copyOf(failures),
                startMillis);
    }

    private static boolean upThroughout(Slot slot, long from, long to) {
        synchronized (slot.upIntervals) {
            for (long[] iv : slot.upIntervals) {
                if (iv[0] <= from && to <= iv[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
