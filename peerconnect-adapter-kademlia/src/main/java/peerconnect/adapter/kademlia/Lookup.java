package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import peerconnect.domain.DispatcherClosedException;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.TransportClosedException;

/**
 * One iterative lookup (Kademlia paper, section 2.3), owning its shortlist: keeps {@code alpha}
 * queries in flight to the closest candidates not yet asked, learns closer peers from each reply,
 * and ends when the {@code k} closest candidates still standing have all answered — or, for value
 * and peer-list lookups, as soon as one peer returns what was sought.
 *
 * <p>Parallelism adapts, as the paper's last round does: while replies bring new candidates into the
 * k closest, alpha queries are in flight; once a reply brings none, the k closest have settled and
 * every one of them not yet asked is asked at once, if round trips are long enough for rounds to
 * matter ({@link #WIDE_ROUND_TRIP_MILLIS}), no query of this lookup has failed, and the node has calls
 * to spare ({@code spareCalls}). With alpha = 3 throughout, the k closest were
 * asked three at a time, about eight round trips on 20 peers; a LAN with 30 ms links waited half a
 * second for that. Waiting for the k closest to settle first keeps the extra peers asked few: asking
 * all of the k closest after the first reply that brought nothing closer than the closest known
 * asked a third more peers, most of them soon pushed out of the k closest.
 *
 * <p>It starts narrow: one query to the closest seed, alpha in flight once it answers. The closest
 * seed's answer lands a hop nearer the target than the other seeds are, so their answers, asked at
 * once, mostly bring peers that answer overtook; at 10,000 nodes the first round of three cost about
 * two RPCs a lookup for nothing. Widening by one per answer instead saved a little more but made the
 * paths a hop longer: hops p99 6 at 100,000 nodes against 5 (docs/BENCHMARKS.md). Only when that seed answered lately
 * ({@link Liveness.Good}): one that missed a call or has been quiet may be gone, and a lone query to
 * it would hold the lookup for a timeout; and not after any query failed, when alpha is back at once.
 *
 * <p>Confined to its node's lock: every method runs under it. Replies may arrive re-entrantly (a
 * request that fails at once completes inside {@link #advance}); a trampoline flag turns that into
 * another pass of the loop instead of recursion.
 */
final class Lookup {
    // Candidates far beyond the k closest never matter; past this many the farthest unasked are dropped.
    private static final int SHORTLIST_FACTOR = 8;
    /**
     * Most RPCs one lookup sends, as a multiple of k. An honest lookup of 10,000 nodes takes about 25
     * (docs/BENCHMARKS.md); a liar answering with ever closer made-up contacts would otherwise keep it
     * going, one timeout per fake, with its seen-set growing by k a reply.
     */
    static final int MAX_RPCS_FACTOR = 8;
    /**
     * Round trip, in milliseconds, from which a lookup whose k closest have settled asks the rest of
     * them at once. Below it (loopback, a quiet LAN: 1 to 3 ms) the eight rounds of alpha cost 20 ms
     * at most, less than the extra RPCs the wide round sends to peers soon pushed out of the k
     * closest (22 RPCs per lookup became 26 at 1,000 nodes); above it (30 ms links) the rounds are
     * what a user waits for.
     */
    static final long WIDE_ROUND_TRIP_MILLIS = 10;
    /** A round trip no lookup reaches: the last round never goes wide (lookups with no clock). */
    static final long WIDE_ROUND_OFF = Long.MAX_VALUE;

    private final PeerId target;
    private final PeerId self;
    private final int k;
    private final int alpha;
    private final Function<PeerContact, CompletableFuture<KademliaCodec.LookupReply>> query;
    private final Object lock;
    private final LongSupplier clock;
    private final long wideRoundTripMillis;
    private final IntSupplier spareCalls;
    private Predicate<PeerId> enough = id -> false;
    private final CompletableFuture<LookupResult> result = new CompletableFuture<>();
    private final List<Candidate> shortlist = new ArrayList<>(); // closest first
    private final HashSet<PeerId> seen = new HashSet<>();
    private int inFlight;
    private int rpcs;
    private int failures;
    private boolean answered;
    // Whether the lookup starts with one query in flight, and alpha once a query is answered.
    private final boolean narrowStart;
    // Whether the last reply brought no new candidate into the k closest: then the lookup asks the
    // rest of them at once instead of alpha at a time.
    private boolean stalled;
    private boolean improved;
    private boolean stepping;
    private boolean again;

    /**
     * @param query      sends the lookup's RPC to one peer; the future completes with its reply or
     *                   fails if the peer is unreachable. Callbacks must re-enter under the node lock.
     * @param lock       the node's lock, taken when a reply or failure arrives
     */
    Lookup(PeerId target, PeerId self, int k, int alpha, List<KBucket.Entry> seeds,
           Function<PeerContact, CompletableFuture<KademliaCodec.LookupReply>> query, Object lock) {
        this(target, self, k, alpha, seeds, query, lock, () -> 0L, WIDE_ROUND_OFF);
    }

    /**
     * @param clock the node's clock, milliseconds: the round trips it measures decide whether the
     *              last round goes out at once
     * @param wideRoundTripMillis the round trip from which it does ({@link #WIDE_ROUND_TRIP_MILLIS});
     *              {@link #WIDE_ROUND_OFF} never
     */
    Lookup(PeerId target, PeerId self, int k, int alpha, List<KBucket.Entry> seeds,
           Function<PeerContact, CompletableFuture<KademliaCodec.LookupReply>> query, Object lock,
           LongSupplier clock, long wideRoundTripMillis) {
        this(target, self, k, alpha, seeds, query, lock, clock, wideRoundTripMillis, () -> k);
    }

    /**
     * @param spareCalls how many more calls the node may have in flight now; a wide last round adds at
     *                   most that many to this lookup's, so a busy node's lookups stay alpha wide
     */
    Lookup(PeerId target, PeerId self, int k, int alpha, List<KBucket.Entry> seeds,
           Function<PeerContact, CompletableFuture<KademliaCodec.LookupReply>> query, Object lock,
           LongSupplier clock, long wideRoundTripMillis, IntSupplier spareCalls) {
        this.clock = clock;
        this.wideRoundTripMillis = wideRoundTripMillis;
        this.spareCalls = spareCalls;
        this.target = target;
        this.self = self;
        this.k = k;
        this.alpha = alpha;
        this.query = query;
        this.lock = lock;
        for (KBucket.Entry e : seeds) {
            add(e.contact, 0);
        }
        this.narrowStart = closestAnsweredLately(target, self, seeds);
    }

    /** Whether the seed closest to {@code target} (leaving out {@code self}) is {@link Liveness.Good}. */
    private static boolean closestAnsweredLately(PeerId target, PeerId self, List<KBucket.Entry> seeds) {
        KBucket.Entry closest = null;
        for (KBucket.Entry e : seeds) {
            if (!e.id.equals(self) && (closest == null || target.compareDistances(e.id, closest.id) < 0)) {
                closest = e;
            }
        }
        return closest != null && closest.liveness instanceof Liveness.Good;
    }

    /**
     * Makes the lookup end at the first answer from a peer that {@code peer} accepts, before the
     * closest have settled. Call before {@link #advance}.
     *
     * @return this lookup
     */
    Lookup endingAtFirstAnswerFrom(Predicate<PeerId> peer) {
        this.enough = peer;
        return this;
    }

    CompletableFuture<LookupResult> result() {
        return result;
    }

    /** Sends queries while fewer than alpha are in flight, or finishes. Call under the node lock. */
    void advance() {
        if (result.isDone()) {
            return;
        }
        if (stepping) {
            again = true;
            return;
        }
        stepping = true;
        try {
            do {
                again = false;
                step();
            } while (again && !result.isDone());
        } finally {
            stepping = false;
        }
    }

    /** Applies a peer's reply. Call under the node lock. */
    void onReply(Candidate c, KademliaCodec.LookupReply reply) {
        inFlight--;
        answered = true;
        c.state = CandidateState.QUERIED;
        if (result.isDone()) {
            return;
        }
        switch (reply) {
            case KademliaCodec.Contacts contacts -> {
                improved = false;
                for (PeerContact p : contacts.contacts()) {
                    add(p, c.depth + 1);
                }
                stalled = !improved && clock.getAsLong() - c.askedAt >= wideRoundTripMillis;
                if (enough.test(c.id)) {
                    finish(Optional.empty());
                    return;
                }
            }
            case KademliaCodec.Value v -> finish(Optional.of(v));
            case KademliaCodec.Records r -> finish(Optional.of(r));
        }
        advance();
    }

    /** Marks a peer unreachable. Call under the node lock. */
    void onFailure(Candidate c) {
        inFlight--;
        failures++;
        c.state = CandidateState.UNREACHABLE;
        tryOtherAddress(c);
        advance();
    }

    /**
     * This node's own dispatcher or transport closed under the lookup: it ends with that failure, not
     * with the peers that answered so far. Those would be a shortlist cut short by us, not by the
     * network, and a caller that trusted it as the k closest would, for one, judge itself among them
     * and keep a copy of a value no peer was asked to hold. Call under the node lock.
     */
    void abort(Candidate c, Throwable failure) {
        inFlight--;
        c.state = CandidateState.UNREACHABLE;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        result.completeExceptionally(cause);
    }

    /** Whether a query failed because this node closed, rather than because of the peer. */
    static boolean closedUnderUs(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof DispatcherClosedException || cause instanceof TransportClosedException;
    }

    /** A peer that failed at one address and was reported at another is asked there, once. */
    private void tryOtherAddress(Candidate c) {
        if (c.state == CandidateState.UNREACHABLE && c.otherAddress != null && !c.moved && !result.isDone()) {
            c.contact = c.otherAddress;
            c.otherAddress = null;
            c.moved = true;
            c.state = CandidateState.HEARD;
        }
    }

    /** {@code contact}'s id is already in the shortlist: remember a different address for it. */
    private void otherAddressOf(PeerContact contact) {
        for (Candidate c : shortlist) {
            if (c.id.equals(contact.id())) {
                if (!c.moved && c.state != CandidateState.QUERIED && !c.contact.address().equals(contact.address())) {
                    c.otherAddress = contact;
                    tryOtherAddress(c);
                }
                return;
            }
        }
    }

    private void step() {
        List<Candidate> toAsk = null;
        boolean pending = false;
        int considered = 0;
        int width = width();
        for (Candidate c : shortlist) {
            if (c.state == CandidateState.UNREACHABLE) {
                continue;
            }
            if (considered++ == k) {
                break;
            }
            if (c.state == CandidateState.HEARD) {
                pending = true;
                if (inFlight < width && rpcs + (toAsk == null ? 0 : toAsk.size()) < k * MAX_RPCS_FACTOR) {
                    c.state = CandidateState.WAITING;
                    inFlight++;
                    if (toAsk == null) {
                        toAsk = new ArrayList<>(alpha);
                    }
                    toAsk.add(c);
                }
            } else if (c.state == CandidateState.WAITING) {
                pending = true;
            }
        }
        if (!pending || (inFlight == 0 && toAsk == null)) {
            // Nothing left to ask, or the RPC budget spent with no answer awaited: the closest that answered stand.
            finish(Optional.empty());
            return;
        }
        if (toAsk != null) {
            long now = clock.getAsLong();
            for (Candidate c : toAsk) {
                rpcs++;
                c.askedAt = now;
                query.apply(c.contact).whenComplete((reply, failure) -> {
                    synchronized (lock) {
                        if (failure == null) {
                            onReply(c, reply);
                        } else if (closedUnderUs(failure)) {
                            abort(c, failure);
                        } else {
                            onFailure(c);
                        }
                    }
                });
            }
        }
    }

    /**
     * Queries this lookup may have in flight: alpha, or one at a narrow start until the first answer,
     * or, for the last round, the rest of the k closest as far as the node's spare calls reach.
     * Alpha after a failure: a peer that timed out means loss or a swamped network (a flood inflates
     * round trips too), where a burst of k queries at once meets the rate limiters and the lost ones
     * cost a timeout each, and where a narrow start would wait out the next timeout alone.
     */
    private int width() {
        if (failures > 0) {
            return alpha;
        }
        if (stalled) {
            return Math.max(alpha, Math.min(k, inFlight + spareCalls.getAsInt()));
        }
        return narrowStart && !answered ? 1 : alpha;
    }

    private void add(PeerContact contact, int depth) {
        PeerId id = contact.id();
        if (id.equals(self)) {
            return;
        }
        if (!seen.add(id)) {
            otherAddressOf(contact);
            return;
        }
        Candidate c = new Candidate(contact, depth);
        int lo = 0;
        int hi = shortlist.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (target.compareDistances(shortlist.get(mid).id, id) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        shortlist.add(lo, c);
        if (lo < k) {
            improved = true;
        }
        int last = shortlist.size() - 1;
        if (last >= k * SHORTLIST_FACTOR) {
            CandidateState s = shortlist.get(last).state;
            if (s == CandidateState.HEARD || s == CandidateState.UNREACHABLE) {
                shortlist.remove(last);
            }
        }
    }

    private void finish(Optional<KademliaCodec.LookupReply> found) {
        List<PeerContact> closest = new ArrayList<>(k);
        int depth = -1;
        for (Candidate c : shortlist) {
            if (c.state == CandidateState.QUERIED) {
                if (closest.isEmpty()) {
                    depth = c.depth;
                }
                closest.add(c.contact);
                if (closest.size() == k) {
                    break;
                }
            }
        }
        result.complete(new LookupResult(closest, found, rpcs, depth));
    }
}
