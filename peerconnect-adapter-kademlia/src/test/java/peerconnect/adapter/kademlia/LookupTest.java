package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

class LookupTest {
    /**
     * A peer restarted on another port is reported at its old address by a peer that has not heard
     * from it since, and at its new one by a peer that has. Found by the real-UDP test in the app
     * (RealUdpKademliaTest): the lookup kept the first address it heard, which never answered, and
     * missed the peer.
     */
    @Test
    void aPeerReportedAtAnOldAndANewAddressIsTriedAtTheOtherWhenTheFirstFails() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(3);
        PeerId self = PeerId.random(random);
        PeerContact a = contact(random, 1);
        PeerContact b = contact(random, 2);
        PeerId movedId = PeerId.random(random);
        PeerContact movedOld = new PeerContact(movedId, address(3));
        PeerContact movedNew = new PeerContact(movedId, address(4));
        // a answers first with the stale address, b then with the fresh one; the stale one is silent.
        Map<NodeAddress, KademliaCodec.LookupReply> replies = Map.of(
                a.address(), new KademliaCodec.Contacts(List.of(movedOld)),
                b.address(), new KademliaCodec.Contacts(List.of(movedNew)),
                movedNew.address(), new KademliaCodec.Contacts(List.of()));
        List<NodeAddress> asked = new ArrayList<>();
        Object lock = new Object();
        Lookup lookup;
        synchronized (lock) {
            lookup = new Lookup(movedId, self, 20, 1, List.of(new KBucket.Entry(a, 0), new KBucket.Entry(b, 0)),
                    peer -> {
                        asked.add(peer.address());
                        KademliaCodec.LookupReply reply = replies.get(peer.address());
                        return reply == null ? CompletableFuture.failedFuture(new TimeoutException())
                                : CompletableFuture.completedFuture(reply);
                    }, lock);
            lookup.advance();
        }
        LookupResult result = lookup.result().join();
        assertEquals(movedNew, result.closest().get(0), "closest answering peer; asked " + asked);
        assertEquals(List.of(movedOld.address(), movedNew.address()),
                asked.stream().filter(x -> x.equals(movedOld.address()) || x.equals(movedNew.address())).toList());
    }

    /** A liar that answers every query with k made-up contacts ever closer to the target cannot keep a lookup going. */
    @Test
    void aLookupFedEverCloserMadeUpContactsStopsAtItsRpcBudget() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(4);
        PeerId self = PeerId.random(random);
        PeerId target = PeerId.random(random);
        PeerContact liar = contact(random, 1);
        int k = 20;
        int[] port = {100};
        Object lock = new Object();
        Lookup lookup;
        synchronized (lock) {
            lookup = new Lookup(target, self, k, 3, List.of(new KBucket.Entry(liar, 0)),
                    peer -> {
                        List<PeerContact> fakes = new ArrayList<>();
                        for (int i = 0; i < k; i++) {
                            // Distance to the target shrinks with every fake made: each is closer than all before.
                            long distance = Long.MAX_VALUE - port[0];
                            byte[] id = target.toBytes();
                            for (int b = 0; b < Long.BYTES; b++) {
                                id[id.length - 1 - b] ^= (byte) (distance >>> (8 * b));
                            }
                            fakes.add(new PeerContact(PeerId.of(id), addressOrFail(port[0]++)));
                        }
                        return CompletableFuture.completedFuture(new KademliaCodec.Contacts(fakes));
                    }, lock);
            lookup.advance();
        }
        LookupResult result = lookup.result().join();
        assertEquals(k * Lookup.MAX_RPCS_FACTOR, result.rpcs());
        assertEquals(k, result.closest().size(), "it ends with the k closest that answered");
    }

    /**
     * Alpha queries fly while replies bring closer peers; the first reply that brings none sends the
     * rest of the k closest at once (the paper's last round), so a lookup on a LAN with 30 ms links
     * waits about three round trips, not eight.
     */
    @Test
    void aReplyThatBringsNoCloserPeerSendsTheRestOfTheKClosestAtOnce() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(5);
        PeerId self = PeerId.random(random);
        PeerId target = PeerId.random(random);
        int k = 20;
        List<KBucket.Entry> seeds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            seeds.add(new KBucket.Entry(contact(random, 10 + i), 0));
        }
        quiet(seeds);
        Map<NodeAddress, CompletableFuture<KademliaCodec.LookupReply>> asked = new java.util.LinkedHashMap<>();
        Object lock = new Object();
        // Every reading of the clock is 30 ms after the last: each answer comes back after a long round trip.
        long[] now = {0};
        Lookup lookup;
        synchronized (lock) {
            lookup = new Lookup(target, self, k, 3, seeds, peer -> {
                CompletableFuture<KademliaCodec.LookupReply> f = new CompletableFuture<>();
                asked.put(peer.address(), f);
                return f;
            }, lock, () -> now[0] += 30, Lookup.WIDE_ROUND_TRIP_MILLIS);
            lookup.advance();
        }
        assertEquals(3, asked.size(), "alpha at first");
        // A reply with a peer closer than any known keeps alpha in flight: one more is asked.
        PeerContact closer = new PeerContact(closerThanAll(target, seeds), address(99));
        asked.values().iterator().next().complete(new KademliaCodec.Contacts(List.of(closer)));
        assertEquals(4, asked.size(), "still alpha in flight after progress");
        // The next reply brings nothing closer: every one of the k closest not yet asked goes out now.
        asked.get(closer.address()).complete(new KademliaCodec.Contacts(List.of()));
        // The made-up peer and the 19 closest seeds are the k closest: 16 seeds not asked yet go out.
        assertEquals(k, asked.size(), "the rest of the k closest at once");
        asked.values().forEach(f -> f.complete(new KademliaCodec.Contacts(List.of())));
        LookupResult result = lookup.result().join();
        assertEquals(k, result.rpcs(), "no peer is asked twice, the farthest seed never");
        assertEquals(closer, result.closest().get(0));
    }

    /** On fast links the rounds stay alpha wide: their extra RPCs would cost more than the rounds. */
    @Test
    void onShortRoundTripsTheLastRoundStaysAlphaWide() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(6);
        PeerId target = PeerId.random(random);
        List<KBucket.Entry> seeds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seeds.add(new KBucket.Entry(contact(random, 10 + i), 0));
        }
        quiet(seeds);
        List<CompletableFuture<KademliaCodec.LookupReply>> asked = new ArrayList<>();
        Object lock = new Object();
        synchronized (lock) {
            new Lookup(target, PeerId.random(random), 20, 3, seeds, peer -> {
                CompletableFuture<KademliaCodec.LookupReply> f = new CompletableFuture<>();
                asked.add(f);
                return f;
            }, lock, () -> 1L, Lookup.WIDE_ROUND_TRIP_MILLIS).advance();
        }
        asked.get(0).complete(new KademliaCodec.Contacts(List.of()));
        assertEquals(4, asked.size(), "one more, not the rest of the k closest");
    }

    /**
     * After a query failed (loss, or a swamped network whose round trips a flood inflates) the last
     * round stays alpha wide: a burst of k queries would meet the rate limiters and cost a timeout each.
     */
    @Test
    void aLookupThatSawAQueryFailKeepsItsLastRoundAlphaWide() throws UnknownHostException {
        List<CompletableFuture<KademliaCodec.LookupReply>> asked = slowLookupOf20(new SplittableRandom(7), () -> 20);
        asked.get(0).completeExceptionally(new TimeoutException());
        assertEquals(4, asked.size(), "the failed query is replaced");
        // A slow reply that brings nothing closer would send the rest of the k closest, but for the failure.
        asked.get(1).complete(new KademliaCodec.Contacts(List.of()));
        assertEquals(5, asked.size(), "one more, not the rest of the k closest");
    }

    /** A node with few calls to spare adds no more than those to a lookup's last round. */
    @Test
    void theLastRoundAddsNoMoreQueriesThanTheNodeHasCallsToSpare() throws UnknownHostException {
        List<CompletableFuture<KademliaCodec.LookupReply>> asked = slowLookupOf20(new SplittableRandom(8), () -> 6);
        asked.get(0).complete(new KademliaCodec.Contacts(List.of()));
        // Two queries still fly; six spare calls make eight in flight, not twenty.
        assertEquals(2 + 6 + 1, asked.size(), "the answered one, the two in flight and six more");
    }

    /** A lookup told to end at the first answer from some peer ends there, closer candidates unasked. */
    @Test
    void aLookupEndingAtTheFirstAnswerFromAPeerItAcceptsStopsAtThatAnswer() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(9);
        PeerId target = PeerId.random(random);
        List<KBucket.Entry> seeds = seeds(random, 3);
        PeerContact wanted = new PeerContact(closerThanAll(target, seeds), address(99));
        PeerContact closest = new PeerContact(target, address(98));
        List<PeerContact> asked = new ArrayList<>();
        Object lock = new Object();
        Lookup lookup;
        synchronized (lock) {
            lookup = new Lookup(target, PeerId.random(random), 1, 1, seeds, peer -> {
                asked.add(peer);
                return CompletableFuture.completedFuture(new KademliaCodec.Contacts(
                        List.of(peer.equals(wanted) ? closest : wanted)));
            }, lock).endingAtFirstAnswerFrom(wanted.id()::equals);
            lookup.advance();
        }
        LookupResult result = lookup.result().join();
        assertEquals(2, result.rpcs(), "a seed, then the wanted peer; asked " + asked);
        assertEquals(wanted, asked.get(asked.size() - 1));
        assertEquals(wanted, result.closest().get(0), "the closer peer it reported was never asked");
    }

    /**
     * A lookup whose closest seed answered lately asks it alone, then alpha in flight: the other seeds'
     * answers would mostly bring peers the first answer overtook.
     */
    @Test
    void aLookupStartsWithTheClosestSeedAloneAndGoesAlphaWideAtItsAnswer() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(10);
        PeerId target = PeerId.random(random);
        List<KBucket.Entry> seeds = seeds(random, 20);
        PeerContact closestSeed = seeds.stream().map(e -> e.contact)
                .min((a, b) -> target.compareDistances(a.id(), b.id())).orElseThrow();
        List<PeerContact> peers = new ArrayList<>();
        List<CompletableFuture<KademliaCodec.LookupReply>> asked = fastLookup(target, seeds, peers);
        assertEquals(List.of(closestSeed), peers, "the closest seed alone");
        asked.get(0).complete(new KademliaCodec.Contacts(List.of()));
        assertEquals(4, asked.size(), "three in flight after its answer");
        asked.get(1).complete(new KademliaCodec.Contacts(List.of()));
        assertEquals(5, asked.size(), "alpha: never more than three in flight");
    }

    /** A closest seed that has been quiet may be gone: the lookup does not wait on it alone. */
    @Test
    void aLookupWhoseClosestSeedIsQuestionableStartsAlphaWide() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(11);
        PeerId target = PeerId.random(random);
        List<KBucket.Entry> seeds = seeds(random, 20);
        seeds.stream().min((a, b) -> target.compareDistances(a.id, b.id)).orElseThrow().liveness =
                new Liveness.Questionable(0, 1);
        assertEquals(3, fastLookup(target, seeds, new ArrayList<>()).size());
    }

    /** A failed first query brings alpha at once instead of another lone query. */
    @Test
    void aFailureAtTheNarrowStartBringsAlphaInFlightAtOnce() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(12);
        PeerId target = PeerId.random(random);
        List<CompletableFuture<KademliaCodec.LookupReply>> asked = fastLookup(target, seeds(random, 20),
                new ArrayList<>());
        assertEquals(1, asked.size());
        asked.get(0).completeExceptionally(new TimeoutException());
        assertEquals(4, asked.size(), "the failed one and three in flight");
    }

    /**
     * Starts a lookup (k = 20, alpha = 3) of {@code target} on 1 ms round trips, whose queries complete
     * only when the test completes them, adding each peer asked to {@code peers}.
     *
     * @return the queries in the order they were sent
     */
    private static List<CompletableFuture<KademliaCodec.LookupReply>> fastLookup(PeerId target,
            List<KBucket.Entry> seeds, List<PeerContact> peers) {
        List<CompletableFuture<KademliaCodec.LookupReply>> asked = new ArrayList<>();
        Object lock = new Object();
        SplittableRandom random = new SplittableRandom(1);
        synchronized (lock) {
            new Lookup(target, PeerId.random(random), 20, 3, seeds, peer -> {
                CompletableFuture<KademliaCodec.LookupReply> f = new CompletableFuture<>();
                peers.add(peer);
                asked.add(f);
                return f;
            }, lock, () -> 1L, Lookup.WIDE_ROUND_TRIP_MILLIS).advance();
        }
        return asked;
    }

    /**
     * Starts a lookup (k = 20, alpha = 3) from 20 quiet seeds on 30 ms round trips, whose queries
     * complete only when the test completes them; the node has {@code spareCalls} calls to spare.
     *
     * @return the queries in the order they were sent
     */
    private static List<CompletableFuture<KademliaCodec.LookupReply>> slowLookupOf20(SplittableRandom random,
            IntSupplier spareCalls) throws UnknownHostException {
        PeerId target = PeerId.random(random);
        List<KBucket.Entry> seeds = quiet(seeds(random, 20));
        List<CompletableFuture<KademliaCodec.LookupReply>> asked = new ArrayList<>();
        Object lock = new Object();
        long[] now = {0};
        synchronized (lock) {
            new Lookup(target, PeerId.random(random), 20, 3, seeds, peer -> {
                CompletableFuture<KademliaCodec.LookupReply> f = new CompletableFuture<>();
                asked.add(f);
                return f;
            }, lock, () -> now[0] += 30, Lookup.WIDE_ROUND_TRIP_MILLIS, spareCalls).advance();
        }
        return asked;
    }

    /**
     * Makes every seed questionable (quiet for long), so that the lookup starts alpha wide: the tests
     * of the last round count queries from a first round of alpha.
     */
    private static List<KBucket.Entry> quiet(List<KBucket.Entry> seeds) {
        for (KBucket.Entry e : seeds) {
            e.liveness = new Liveness.Questionable(0, 0);
        }
        return seeds;
    }

    private static List<KBucket.Entry> seeds(SplittableRandom random, int n) throws UnknownHostException {
        List<KBucket.Entry> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seeds.add(new KBucket.Entry(contact(random, 10 + i), 0));
        }
        return seeds;
    }

    /** An id closer to {@code target} than every seed: the target with its last bit flipped. */
    private static PeerId closerThanAll(PeerId target, List<KBucket.Entry> seeds) {
        byte[] id = target.toBytes();
        id[id.length - 1] ^= 1;
        PeerId out = PeerId.of(id);
        for (KBucket.Entry e : seeds) {
            if (target.compareDistances(out, e.contact.id()) >= 0) {
                throw new AssertionError("a seed is closer than the made-up peer");
            }
        }
        return out;
    }

    private static NodeAddress addressOrFail(int port) {
        try {
            return address(port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static PeerContact contact(SplittableRandom random, int port) throws UnknownHostException {
        return new PeerContact(PeerId.random(random), address(port));
    }

    private static NodeAddress address(int port) throws UnknownHostException {
        return new NodeAddress(InetAddress.getByName("127.0.0.1"), 40_000 + port);
    }
}
