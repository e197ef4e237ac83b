package peerconnect.adapter.kademlia;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.Scheduler;
import peerconnect.ports.ContactStatus;

/**
 * Keeps the routing table: tells {@link ContactAdmission} what the table knows of a peer that was
 * heard from, moves each contact's {@link Liveness} by the {@link LivenessRules} on every answer,
 * request and failure, keeps its round-trip estimate, and carries out what they decide (offer, ping,
 * move, recheck, evict, count). Every method runs under the node's lock; pings are sent without
 * waiting, and their completions take the lock again.
 */
final class ContactKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(ContactKeeper.class);

    private final NodeState state;
    private final ContactAdmission.Policy policy;
    private final LivenessRules.Policy liveness;
    private final Function<PeerContact, CompletableFuture<Boolean>> ping;
    private final Function<PeerContact, CompletableFuture<Boolean>> recheck;
    private final Scheduler scheduler;
    // Ids of senders being verified before they may enter the table: at most maxPendingAdmissions.
    private final Set<PeerId> pending = new HashSet<>();
    // Calls of ours in flight, by the contact (id and address) they went to: its reply will prove it.
    private final Map<PeerContact, Integer> awaiting = new HashMap<>();
    // The sum of awaiting's counts: every call is counted in by calling and out by callDone, once each.
    private int callsInFlight;
    // Ids whose known address is being asked because the id answered elsewhere.
    private final Set<PeerId> checkingKnown = new HashSet<>();
    // Ids with a recheck ping scheduled or in flight: one each at a time.
    private final Set<PeerId> rechecking = new HashSet<>();

    /**
     * @param ping      sends one PING to a contact; its answer or silence comes back through this keeper
     * @param recheck   the same with {@link LivenessConfig#recheckRetries()} retries, for contacts that missed a call
     * @param scheduler schedules the rechecks of contacts that missed a call
     */
    ContactKeeper(NodeState state, Function<PeerContact, CompletableFuture<Boolean>> ping,
                  Function<PeerContact, CompletableFuture<Boolean>> recheck, Scheduler scheduler) {
        this.state = state;
        this.policy = ContactAdmission.Policy.of(state.config);
        this.liveness = state.liveness;
        this.ping = ping;
        this.recheck = recheck;
        this.scheduler = scheduler;
    }

    /** A call of ours to {@code peer} is sent. Under the lock. */
    void calling(PeerContact peer) {
        awaiting.merge(peer, 1, Integer::sum);
        callsInFlight++;
    }

    /** A call of ours to {@code peer} was answered or failed. Under the lock. */
    void callDone(PeerContact peer) {
        awaiting.computeIfPresent(peer, (p, n) -> n > 1 ? n - 1 : null);
        callsInFlight--;
    }

    /** Calls of this node awaiting their answer, to any peer, retries included. Under the lock. */
    int callsInFlight() {
        return callsInFlight;
    }

    /** A request came from {@code sender}, at an address it has not proven. Under the lock. */
    void requestFrom(PeerContact sender) {
        carryOut(ContactAdmission.decide(situation(sender, false, ContactAdmission.Proof.NOT_REQUIRED), policy),
                sender, new LivenessEvent.Heard(state.now()), -1, ContactAdmission.Proof.NOT_REQUIRED);
    }

    /**
     * {@code contact} answered a call of ours at its address after {@code rttMillis} (-1: not
     * measured), and the records say {@code proof} of it. Under the lock.
     */
    void answered(PeerContact contact, long rttMillis, ContactAdmission.Proof proof) {
        carryOut(ContactAdmission.decide(situation(contact, true, proof), policy), contact,
                new LivenessEvent.Answered(state.now()), rttMillis, proof);
    }

    /**
     * A call to {@code contact} failed through the peer's fault (silence or a bad answer): one more
     * missed call (if the rules count it: {@code thorough} for a recheck), then an eviction if the
     * rules allow it, else a recheck later. Under the lock.
     */
    void failed(PeerContact contact, boolean thorough) {
        KBucket.Entry e = state.table.entry(contact.id());
        if (!ContactAdmission.failureCounts(known(e), contact.address())) {
            return;
        }
        e.liveness = LivenessRules.next(e.liveness, new LivenessEvent.Failed(state.now(), thorough), liveness);
        state.counters.missedCalls.increment();
        KBucket bucket = state.table.bucketFor(contact.id());
        if (LivenessRules.evict(e.liveness, bucket.replacementCount() > 0, liveness)) {
            evict(e);
        } else {
            scheduleRecheck(e);
        }
    }

    /** How long the next first attempt of a call to {@code contact} waits, by its measured round trips. Under the lock. */
    Duration timeoutFor(PeerContact contact) {
        long initial = state.config.rpcTimeout().toMillis();
        KBucket.Entry e = state.table.entry(contact.id());
        if (e == null || !e.contact.address().equals(contact.address())) {
            return state.config.rpcTimeout();
        }
        return Duration.ofMillis(e.rtt.timeoutMillis(initial, state.config.liveness().minAttemptTimeout().toMillis(),
                maxTimeoutMillis()));
    }

    /** The longest wait of one attempt, retries included. */
    long maxTimeoutMillis() {
        return state.config.liveness().maxAttemptTimeout().toMillis();
    }

    /** Every contact with its liveness as of now, bucket by bucket. Under the lock. */
    List<ContactStatus> status() {
        long now = state.now();
        List<ContactStatus> out = new ArrayList<>(state.table.size());
        for (int i = 0; i < RoutingTable.BUCKETS; i++) {
            KBucket b = state.table.bucket(i);
            if (b == null) {
                continue;
            }
            for (KBucket.Entry e : b.entries()) {
                Liveness l = LivenessRules.next(e.liveness, new LivenessEvent.Aged(now), liveness);
                out.add(new ContactStatus(e.contact, l.word(), Duration.ofMillis(Math.max(0, now - e.lastSeen)),
                        Duration.ofMillis(Math.round(e.rtt.srttMillis())), e.rtt.samples(), l.failures(),
                        state.records.held(e.id).map(peerconnect.domain.NodeRecord::name).orElse("")));
            }
        }
        return out;
    }

    private ContactAdmission.Situation situation(PeerContact peer, boolean answered, ContactAdmission.Proof proof) {
        PeerId id = peer.id();
        boolean isSelf = id.equals(state.selfId);
        KBucket.Entry known = isSelf ? null : state.table.entry(id);
        Optional<ContactAdmission.Bucket> bucket = Optional.empty();
        if (!isSelf && known == null) {
            KBucket b = state.table.bucketFor(id);
            if (b != null) {
                bucket = Optional.of(new ContactAdmission.Bucket(b.admits(peer.address().ip()), b.size(),
                        b.evictionPingPending, b.size() > 0 ? b.entries().get(0).lastSeen : Long.MIN_VALUE,
                        b.firstBad() != null, state.selfId.commonPrefixLength(id) < state.table.kthClosestBucket()));
            }
        }
        return new ContactAdmission.Situation(peer, answered, isSelf, known(known), pending.contains(id),
                pending.size(), awaiting.containsKey(peer), bucket, state.now(), checkingKnown.contains(id), proof);
    }

    private static Optional<ContactAdmission.Known> known(KBucket.Entry e) {
        return e == null ? Optional.empty()
                : Optional.of(new ContactAdmission.Known(e.contact.address(), e.lastSeen, e.liveness.failures()));
    }

    private void carryOut(AdmissionStep step, PeerContact peer, LivenessEvent event, long rttMillis,
                          ContactAdmission.Proof proof) {
        switch (step) {
            case AdmissionStep.Insert i -> {
                insert(peer);
                KBucket.Entry e = state.table.entry(peer.id());
                if (e != null && e.contact.address().equals(peer.address())) {
                    e.liveness = LivenessRules.next(e.liveness, event, liveness);
                    if (rttMillis >= 0) {
                        e.rtt = e.rtt.update(rttMillis);
                    }
                }
            }
            case AdmissionStep.PingSender p -> {
                pending.add(peer.id());
                // On an answer, the protocol reports it here and the peer is considered again.
                ping.apply(peer).whenComplete((ok, failure) -> {
                    synchronized (state.lock) {
                        pending.remove(peer.id());
                    }
                });
            }
            case AdmissionStep.PingKnownAddress p -> {
                PeerContact current = state.table.entry(peer.id()).contact;
                checkingKnown.add(peer.id());
                ping.apply(current).whenComplete((ok, failure) -> {
                    synchronized (state.lock) {
                        checkingKnown.remove(peer.id());
                        // Silent at its known address (now a missed call): the proven new address wins.
                        if (failure != null && state.running()) {
                            carryOut(ContactAdmission.decide(situation(peer, true, proof), policy), peer, event,
                                    rttMillis, proof);
                        }
                    }
                });
            }
            case AdmissionStep.MoveTo m -> move(peer, event, rttMillis);
            case AdmissionStep.Skip s -> state.counters.admissionsSkipped.increment();
            case AdmissionStep.Refuse r -> state.counters.reject(RejectReason.CONTACT_QUOTA);
            case AdmissionStep.Unproven u -> {
                state.counters.reject(u.reason());
                LOG.debug("node={} did not admit {}: {}", state.selfId.shortHex(), peer, u.reason());
            }
            case AdmissionStep.Drop d -> { }
        }
    }

    private void move(PeerContact peer, LivenessEvent event, long rttMillis) {
        KBucket.Entry old = state.table.entry(peer.id());
        Offer offer = state.table.offer(peer, state.now());
        if (offer instanceof Offer.OverQuota) {
            state.counters.reject(RejectReason.CONTACT_QUOTA);
            return;
        }
        state.counters.addressChanges.increment();
        KBucket.Entry e = state.table.entry(peer.id());
        e.liveness = LivenessRules.next(e.liveness, event, liveness);
        if (rttMillis >= 0) {
            e.rtt = e.rtt.update(rttMillis);
        }
        LOG.info("node={} peer={} moved from={} to={}: silent at the old address, answered at the new one",
                state.selfId.shortHex(), peer.id().shortHex(), old == null ? "?" : old.contact.address(),
                peer.address());
    }

    /** The peer answered, or is known at that address: it enters or refreshes its bucket, or waits. */
    private void insert(PeerContact contact) {
        long now = state.now();
        Offer offer = state.table.offer(contact, now);
        if (offer instanceof Offer.OverQuota) {
            state.counters.reject(RejectReason.CONTACT_QUOTA);
            LOG.debug("node={} did not add {}: its address or subnet has its share of the bucket",
                    state.selfId.shortHex(), contact);
        } else if (offer instanceof Offer.BucketFull full) {
            // The newcomer answered, so it waits as a live replacement: a bad contact makes room now.
            KBucket bucket = state.table.bucketFor(contact.id());
            KBucket.Entry bad = bucket.firstBad();
            if (bad != null && LivenessRules.evict(bad.liveness, true, liveness)) {
                evict(bad);
                return;
            }
            KBucket.Entry oldest = full.leastRecentlySeen();
            if (ContactAdmission.oldestPingDue(bucket.evictionPingPending, oldest.lastSeen, now, policy)) {
                pingOldest(bucket, oldest);
            }
        }
    }

    private void evict(KBucket.Entry e) {
        state.table.remove(e.id);
        state.counters.evictions.increment();
        LOG.debug("node={} evicted contact {} after {} missed calls in a row (last heard {} ms ago)",
                state.selfId.shortHex(), e.contact, e.liveness.failures(), state.now() - e.lastSeen);
        for (Consumer<PeerContact> l : state.evictionListeners) {
            l.accept(e.contact);
        }
    }

    /**
     * Pings a contact that missed a call again after the rules' delay, once at a time per contact: a
     * live one answers and is good again, a dead one collects misses until it may be evicted.
     */
    private void scheduleRecheck(KBucket.Entry e) {
        long delay = LivenessRules.recheckAfter(e.liveness.failures(), liveness);
        if (delay < 0 || !rechecking.add(e.id)) {
            return;
        }
        PeerContact contact = e.contact;
        scheduler.schedule(Duration.ofMillis(delay), () -> {
            CompletableFuture<Boolean> check;
            synchronized (state.lock) {
                KBucket.Entry now = state.table.entry(contact.id());
                if (!state.running() || now == null || !now.contact.address().equals(contact.address())
                        || now.liveness.failures() == 0) {
                    rechecking.remove(contact.id());
                    return;
                }
                state.counters.rechecks.increment();
                check = recheck.apply(contact);
            }
            check.whenComplete((ok, failure) -> {
                synchronized (state.lock) {
                    rechecking.remove(contact.id());
                    KBucket.Entry after = state.table.entry(contact.id());
                    if (failure != null && after != null && after.contact.address().equals(contact.address())) {
                        scheduleRecheck(after);
                    }
                }
            });
        });
    }

    /**
     * Pings a full bucket's least recently seen contact, one such ping per bucket at a time. If it
     * fails, the protocol reports the missed call; the contact leaves only once the rules allow it.
     */
    private void pingOldest(KBucket bucket, KBucket.Entry oldest) {
        bucket.evictionPingPending = true;
        ping.apply(oldest.contact).whenComplete((ok, failure) -> {
            synchronized (state.lock) {
                bucket.evictionPingPending = false;
            }
        });
    }
}
