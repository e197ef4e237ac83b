package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Routing-table invariants under random sequences of offers and removals, seeded
 * ({@value #SEED}; each example also draws its own seed, printed on failure by QuickTheories):
 * no bucket over k, each contact in the bucket of its common prefix, self never stored, buckets
 * ordered least recently seen first, eviction only of the least recently seen with promotion of the
 * newest replacement, and {@code closest} equal to a brute-force sort.
 */
class RoutingTableProperties {
    private static final long SEED = 0x4B_AD_E3_11AL;

    @Test
    void invariantsHoldAfterAnySequenceOfOffersAndRemovals() {
        qt().withFixedSeed(SEED).withExamples(200)
                .forAll(longs().all(), integers().between(1, 8), integers().between(1, 600))
                .checkAssert(RoutingTableProperties::randomSequence);
    }

    @Test
    void closestEqualsABruteForceSort() {
        qt().withFixedSeed(SEED + 1).withExamples(200)
                .forAll(longs().all(), integers().between(1, 400), integers().between(0, 30))
                .checkAssert((seed, count, n) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    PeerId self = randomId(random, null, 0);
                    RoutingTable table = new RoutingTable(self, 20, 4, AddressLimits.of(KademliaQuotas.defaults()));
                    List<PeerId> all = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        // Cluster some ids near self so that many buckets are used, not just the first few.
                        PeerId id = randomId(random, self, random.nextInt(24));
                        if (table.offer(contact(id, i), i) instanceof Offer.Added) {
                            all.add(id);
                        }
                    }
                    PeerId target = random.nextBoolean() ? self : randomId(random, self, random.nextInt(24));
                    // The brute force sorts by the distances themselves, not by the table's comparison.
                    List<PeerId> expected = new ArrayList<>(all);
                    expected.sort(Comparator.comparing(id -> id.distance(target)));
                    expected = expected.subList(0, Math.min(n, expected.size()));
                    List<PeerId> actual = table.closestSorted(target, n).stream().map(e -> e.id).toList();
                    assertEquals(expected, actual);
                });
    }

    @Test
    void closestPassesOverBadContactsUnlessTooFewOthersAreKnown() {
        qt().withFixedSeed(SEED + 4).withExamples(200)
                .forAll(longs().all(), integers().between(1, 300), integers().between(0, 30))
                .checkAssert((seed, count, n) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    PeerId self = randomId(random, null, 0);
                    RoutingTable table = new RoutingTable(self, 20, 4, AddressLimits.of(KademliaQuotas.defaults()));
                    List<PeerId> others = new ArrayList<>();
                    List<PeerId> bad = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        PeerId id = randomId(random, self, random.nextInt(24));
                        if (table.offer(contact(id, i), i) instanceof Offer.Added) {
                            KBucket.Entry e = table.entry(id);
                            switch (random.nextInt(3)) {
                                case 0 -> {
                                    e.liveness = new Liveness.Bad(i, 3);
                                    bad.add(id);
                                }
                                case 1 -> {
                                    e.liveness = new Liveness.Questionable(i, 1);
                                    others.add(id);
                                }
                                default -> others.add(id);
                            }
                        }
                    }
                    PeerId target = random.nextBoolean() ? self : randomId(random, self, random.nextInt(24));
                    Comparator<PeerId> byDistance = Comparator.comparing(id -> id.distance(target));
                    others.sort(byDistance);
                    bad.sort(byDistance);
                    List<PeerId> expected = new ArrayList<>(others.subList(0, Math.min(n, others.size())));
                    expected.addAll(bad.subList(0, Math.min(n - expected.size(), bad.size())));
                    expected.sort(byDistance);
                    List<PeerId> actual = table.closestSorted(target, n).stream().map(e -> e.id).toList();
                    assertEquals(expected, actual, "good and questionable by distance first, then the closest bad");
                });
    }

    @Test
    void theKthClosestBucketHoldsTheKthClosestContactToSelf() {
        qt().withFixedSeed(SEED + 5).withExamples(200)
                .forAll(longs().all(), integers().between(0, 200))
                .checkAssert((seed, count) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    PeerId self = randomId(random, null, 0);
                    int k = 20;
                    RoutingTable table = new RoutingTable(self, k, 4, AddressLimits.of(KademliaQuotas.defaults()));
                    for (int i = 0; i < count; i++) {
                        table.offer(contact(randomId(random, self, random.nextInt(12)), i), i);
                    }
                    List<KBucket.Entry> closest = table.closestSorted(self, k);
                    int expected = closest.size() < k ? 0 : self.commonPrefixLength(closest.get(k - 1).id);
                    assertEquals(expected, table.kthClosestBucket(), closest.size() + " contacts");
                });
    }

    @Test
    void noBucketHoldsMoreThanTheCapOfOneAddressOrRoutedSubnet() {
        qt().withFixedSeed(SEED + 3).withExamples(200)
                .forAll(longs().all(), integers().between(1, 5), integers().between(1, 400))
                .checkAssert((seed, cap, count) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    PeerId self = randomId(random, null, 0);
                    RoutingTable table = new RoutingTable(self, 20, 4, new AddressLimits(cap, cap + 1, false));
                    for (int i = 0; i < count; i++) {
                        PeerId id = randomId(random, self, random.nextInt(4));
                        // Few hosts in two /24s, one private and one routed, so the caps are what binds.
                        byte[] ip = {random.nextBoolean() ? (byte) 10 : (byte) 203, 0, 113, (byte) random.nextInt(6)};
                        try {
                            NodeAddress a = new NodeAddress(InetAddress.getByAddress(ip), 4000 + random.nextInt(5));
                            table.offer(new PeerContact(id, a), i);
                        } catch (UnknownHostException e) {
                            throw new AssertionError(e);
                        }
                        if (random.nextInt(8) == 0) {
                            table.remove(id);
                        }
                    }
                    for (int b = 0; b < RoutingTable.BUCKETS; b++) {
                        KBucket bucket = table.bucket(b);
                        if (bucket == null) {
                            continue;
                        }
                        java.util.Map<InetAddress, Integer> perAddress = new java.util.HashMap<>();
                        int routed = 0;
                        for (KBucket.Entry e : bucket.entries()) {
                            perAddress.merge(e.contact.address().ip(), 1, Integer::sum);
                            routed += AddressLimits.isGlobal(e.contact.address().ip()) ? 1 : 0;
                        }
                        for (int n : perAddress.values()) {
                            assertTrue(n <= cap, "bucket " + b + " holds " + n + " contacts of one address, cap " + cap);
                        }
                        assertTrue(routed <= cap + 1, "bucket " + b + " holds " + routed + " of one routed /24");
                    }
                    checkInvariants(table, self, 20);
                });
    }

    @Test
    void aRandomIdForABucketFallsIntoThatBucket() {
        qt().withFixedSeed(SEED + 2).withExamples(500)
                .forAll(longs().all(), integers().between(0, 159))
                .checkAssert((seed, index) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    PeerId self = randomId(random, null, 0);
                    assertEquals(index, RoutingTable.bucketIndex(self, RoutingTable.randomIdInBucket(self, index, random)));
                });
    }

    private static void randomSequence(long seed, int k, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        PeerId self = randomId(random, null, 0);
        int replacements = random.nextInt(4);
        RoutingTable table = new RoutingTable(self, k, replacements, AddressLimits.of(KademliaQuotas.defaults()));
        List<PeerId> known = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(10);
            if (action < 7 || known.isEmpty()) {
                PeerId id = random.nextInt(50) == 0 ? self : randomId(random, self, random.nextInt(12));
                KBucket before = table.bucketFor(id);
                PeerId head = before != null && before.size() == k && !before.contains(id)
                        ? before.entries().get(0).id : null;
                Offer offer = table.offer(contact(id, step), step);
                if (id.equals(self)) {
                    assertInstanceOf(Offer.Self.class, offer);
                } else if (head != null) {
                    Offer.BucketFull full = assertInstanceOf(Offer.BucketFull.class, offer);
                    assertEquals(head, full.leastRecentlySeen().id, "the eviction candidate is the LRS");
                    assertFalse(table.contains(id), "a newcomer to a full bucket waits in the replacement cache");
                } else {
                    assertTrue(table.contains(id));
                }
                known.add(id);
            } else if (action < 9) {
                // A failed ping: the LRS goes, the newest replacement (if any) takes its place.
                PeerId id = known.get(random.nextInt(known.size()));
                KBucket bucket = table.bucketFor(id);
                if (bucket != null && bucket.contains(id)) {
                    int size = bucket.size();
                    int spare = bucket.replacementCount();
                    table.remove(id);
                    assertFalse(table.contains(id));
                    assertEquals(spare > 0 ? size : size - 1, bucket.size(), "replacement promoted");
                }
            } else {
                // A contact that answered moves to the tail (most recently seen).
                PeerId id = known.get(random.nextInt(known.size()));
                if (table.contains(id)) {
                    table.offer(contact(id, step), step);
                    List<KBucket.Entry> entries = table.bucketFor(id).entries();
                    assertEquals(id, entries.get(entries.size() - 1).id, "refreshed contact is last");
                }
            }
            checkInvariants(table, self, k);
        }
    }

    static void checkInvariants(RoutingTable table, PeerId self, int k) {
        int total = 0;
        for (int i = 0; i < RoutingTable.BUCKETS; i++) {
            KBucket b = table.bucket(i);
            if (b == null) {
                continue;
            }
            assertTrue(b.size() <= k, "bucket " + i + " holds " + b.size() + " > k=" + k);
            long lastSeen = Long.MIN_VALUE;
            for (KBucket.Entry e : b.entries()) {
                assertFalse(e.id.equals(self), "self in the table");
                assertEquals(i, self.commonPrefixLength(e.id), "contact in the wrong bucket");
                assertTrue(e.lastSeen >= lastSeen, "bucket " + i + " not ordered least recently seen first");
                lastSeen = e.lastSeen;
            }
            total += b.size();
        }
        assertEquals(total, table.size());
    }

    /** A random id sharing at least {@code prefix} leading bits with {@code near} (any id if near is null). */
    static PeerId randomId(SplittableRandom random, PeerId near, int prefix) {
        byte[] id = new byte[PeerId.BYTES];
        random.nextBytes(id);
        if (near != null) {
            byte[] n = near.toBytes();
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                id[bit / 8] = (byte) ((id[bit / 8] & ~mask) | (n[bit / 8] & mask));
            }
        }
        return PeerId.of(id);
    }

    static PeerContact contact(PeerId id, int n) {
        try {
            byte[] ip = {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
            return new PeerContact(id, new NodeAddress(InetAddress.getByAddress(ip), 4000));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
