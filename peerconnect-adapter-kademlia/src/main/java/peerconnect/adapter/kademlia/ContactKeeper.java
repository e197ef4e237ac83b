package peerconnect.adapter.kademlia;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Keeps the routing table: tells {@link ContactAdmission} what the table knows of a peer that was
 * heard from or failed, and carries out the step it returns (offer, ping, evict, count). Every method
 * runs under the node's lock; pings are sent without waiting, and their completions take the lock again.
 */
final class ContactKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(ContactKeeper.class);

    private final NodeState state;
    private final ContactAdmission.Policy policy;
    private final Function<PeerContact, CompletableFuture<Boolean>> ping;
    // Ids of senders being verified before they may enter the table: at most maxPendingAdmissions.
    private final Set<PeerId> pending = new HashSet<>();
    // Calls of ours in flight, by the contact (id and address) they went to: its reply will prove it.
    private final Map<PeerContact, Integer> awaiting = new HashMap<>();

    /** @param ping sends one PING to a contact; its answer or silence comes back through this keeper */
    ContactKeeper(NodeState state, Function<PeerContact, CompletableFuture<Boolean>> ping) {
        this.state = state;
        this.policy = ContactAdmission.Policy.of(state.config);
        this.ping = ping;
    }

    /** A call of ours to {@code peer} is sent. Under the lock. */
    void calling(PeerContact peer) {
        awaiting.merge(peer, 1, Integer::sum);
    }

    /** A call of ours to {@code peer} was answered or failed. Under the lock. */
    void callDone(PeerContact peer) {
        awaiting.computeIfPresent(peer, (p, n) -> n > 1 ? n - 1 : null);
    }

    /** A request came from {@code sender}, at an address it has not proven. Under the lock. */
    void requestFrom(PeerContact sender) {
        carryOut(ContactAdmission.decide(situation(sender, false), policy), sender);
    }

    /** {@code contact} answered a call of ours at its address. Under the lock. */
    void answered(PeerContact contact) {
        carryOut(ContactAdmission.decide(situation(contact, true), policy), contact);
    }

    /** A call to {@code contact} failed through the peer's fault (silence or a bad answer). Under the lock. */
    void failed(PeerContact contact) {
        KBucket.Entry known = state.table.entry(contact.id());
        if (ContactAdmission.onFailure(known(known), contact.address()) instanceof AdmissionStep.Evict) {
            state.table.remove(contact.id());
            state.counters.evictions.increment();
            LOG.debug("node={} dropped unresponsive contact {}", state.selfId.shortHex(), contact);
        }
    }

    /** Sends a ping to verify {@code sender} again, after the contact that stood in its way was silent. */
    private void verifyAgain(PeerContact sender) {
        carryOut(ContactAdmission.verify(situation(sender, false), policy), sender);
    }

    private ContactAdmission.Situation situation(PeerContact peer, boolean answered) {
        PeerId id = peer.id();
        boolean isSelf = id.equals(state.selfId);
        KBucket.Entry known = isSelf ? null : state.table.entry(id);
        Optional<ContactAdmission.Bucket> bucket = Optional.empty();
        if (!isSelf && known == null) {
            KBucket b = state.table.bucketFor(id);
            if (b != null) {
                bucket = Optional.of(new ContactAdmission.Bucket(b.admits(peer.address().ip()), b.size(),
                        b.evictionPingPending, b.size() > 0 ? b.entries().get(0).lastSeen : Long.MIN_VALUE));
            }
        }
        return new ContactAdmission.Situation(peer, answered, isSelf, known(known), pending.contains(id),
                pending.size(), awaiting.containsKey(peer), bucket, state.now());
    }

    private static Optional<ContactAdmission.Known> known(KBucket.Entry e) {
        return e == null ? Optional.empty() : Optional.of(new ContactAdmission.Known(e.contact.address(), e.lastSeen));
    }

    private void carryOut(AdmissionStep step, PeerContact peer) {
        switch (step) {
            case AdmissionStep.Insert i -> insert(peer);
            case AdmissionStep.PingSender p -> {
                pending.add(peer.id());
                // On an answer, the protocol reports it here and the peer is offered to the table.
                ping.apply(peer).whenComplete((ok, failure) -> {
                    synchronized (state.lock) {
                        pending.remove(peer.id());
                    }
                });
            }
            case AdmissionStep.PingKnownAddress p -> {
                PeerContact current = state.table.entry(peer.id()).contact;
                pending.add(peer.id());
                // A silent known address is evicted by the failed call; then the new one is tried.
                thenVerifyIfGone(ping.apply(current), peer);
            }
            case AdmissionStep.PingOldest p -> {
                KBucket bucket = state.table.bucketFor(peer.id());
                CompletableFuture<Boolean> check = pingOldest(bucket, bucket.entries().get(0));
                pending.add(peer.id());
                thenVerifyIfGone(check, peer);
            }
            case AdmissionStep.Skip s -> state.counters.admissionsSkipped.increment();
            case AdmissionStep.Refuse r -> state.counters.reject(RejectReason.CONTACT_QUOTA);
            case AdmissionStep.Evict e -> throw new IllegalStateException("eviction is decided by onFailure");
            case AdmissionStep.Drop d -> { }
        }
    }

    private void thenVerifyIfGone(CompletableFuture<Boolean> check, PeerContact peer) {
        check.whenComplete((ok, failure) -> {
            synchronized (state.lock) {
                pending.remove(peer.id());
                if (failure != null && state.running() && state.table.entry(peer.id()) == null) {
                    verifyAgain(peer);
                }
            }
        });
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
            KBucket.Entry oldest = full.leastRecentlySeen();
            KBucket bucket = state.table.bucketFor(contact.id());
            if (ContactAdmission.oldestPingDue(bucket.evictionPingPending, oldest.lastSeen, now, policy)) {
                pingOldest(bucket, oldest);
            }
        }
    }

    /**
     * Pings a full bucket's least recently seen contact, one such ping per bucket at a time. If it
     * fails, the protocol reports the failure and the contact is evicted, the newest replacement
     * taking its place.
     */
    private CompletableFuture<Boolean> pingOldest(KBucket bucket, KBucket.Entry oldest) {
        bucket.evictionPingPending = true;
        return ping.apply(oldest.contact).whenComplete((ok, failure) -> {
            synchronized (state.lock) {
                bucket.evictionPingPending = false;
            }
        });
    }
}
