package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.PeerContact;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerId;
import peerconnect.ports.PutOutcome;

/**
 * Stores what this node publishes at the k peers closest to its key (paper, section 2.3): its values,
 * on put and on every republish, and its own record in its peer list. Keeps a copy here too when this
 * node is itself among the k closest.
 */
final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final NodeState state;
    private final KademliaConfig config;
    private final KademliaProtocol protocol;
    private final Lookups lookups;
    private final Maintenance maintenance;

    Publisher(NodeState state, KademliaProtocol protocol, Lookups lookups, Maintenance maintenance) {
        this.state = state;
        this.config = state.config;
        this.protocol = protocol;
        this.lookups = lookups;
        this.maintenance = maintenance;
    }

    /**
     * Stores at the k closest peers found by lookup (and here, if this node is among them), to live
     * {@code ttlMillis} there (0: a deletion, which the peers answer by dropping the key).
     *
     * @return completes with what the peers answered
     */
    CompletableFuture<PutOutcome> storeAtClosest(PeerId key, byte[] value, long ttlMillis) {
        return lookups.findNode(key).thenCompose(result -> {
            List<CompletableFuture<PutOutcome>> acks = new ArrayList<>();
            for (PeerContact peer : result.closest()) {
                acks.add(store(peer, key, value, ttlMillis));
            }
            keepOwnCopy(key, value, ttlMillis, result.closest());
            return total(acks);
        });
    }

    /**
     * Stores a published value again at the k closest peers (paper, section 2.5), sending the whole
     * value only to those that do not already hold it: each peer is first sent a REFRESH with the
     * value's digest (40 bytes), which a holder of the same bytes for this node answers by keeping it
     * for another TTL; a STORE follows only where it did not (a new closest peer, a changed value, a
     * peer that predates REFRESH and stays silent).
     *
     * @return completes with what the peers answered, a refresh counting as stored
     */
    CompletableFuture<PutOutcome> republish(PeerId key, byte[] value, long ttlMillis) {
        state.counters.republishes.increment();
        byte[] digest = KademliaCodec.digest(value);
        return lookups.findNode(key).thenCompose(result -> {
            List<CompletableFuture<PutOutcome>> acks = new ArrayList<>();
            for (PeerContact peer : result.closest()) {
                acks.add(protocol.refresh(peer, key, ttlMillis / 1000, digest).handle((status, failure) ->
                        failure == null && status == KademliaCodec.RefreshStatus.REFRESHED)
                        .thenCompose(refreshed -> {
                            if (refreshed) {
                                state.counters.republishRefreshed.increment();
                                return CompletableFuture.completedFuture(PutOutcome.allStored(1));
                            }
                            state.counters.republishStored.increment();
                            return store(peer, key, value, ttlMillis);
                        }));
            }
            keepOwnCopy(key, value, ttlMillis, result.closest());
            return total(acks);
        });
    }

    private CompletableFuture<PutOutcome> store(PeerContact peer, PeerId key, byte[] value, long ttlMillis) {
        return outcome(protocol.store(peer, key, value, ttlMillis / 1000), "STORE of key=" + key.shortHex(), peer);
    }

    /** Keeps (or, for TTL 0, drops) this node's own copy when it is among the k closest to {@code key}. */
    private void keepOwnCopy(PeerId key, byte[] value, long ttlMillis, List<PeerContact> closest) {
        synchronized (state.lock) {
            if (selfAmongClosest(state.selfId, key, closest, config.k())) {
                long now = state.now();
                long expires = now + ttlMillis;
                ValueStore.PutResult r = state.values.putOwn(key, value, expires, now);
                if (r == ValueStore.PutResult.STORED) {
                    state.journal.append(new ValueLog.Held(key, expires, Optional.empty(), value));
                } else if (r == ValueStore.PutResult.DELETED) {
                    state.journal.append(new ValueLog.Dropped(key));
                }
            }
        }
    }

    private static CompletableFuture<PutOutcome> total(List<CompletableFuture<PutOutcome>> acks) {
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(x -> acks.stream()
                .map(CompletableFuture::join).reduce(PutOutcome.NONE, PutOutcome::plus));
    }

    /** One peer's answer as an outcome; a refusal is counted. */
    private CompletableFuture<PutOutcome> outcome(CompletableFuture<KademliaCodec.StoreStatus> store, String what,
                                                  PeerContact peer) {
        return store.handle((s, f) -> {
            if (f == null && s != KademliaCodec.StoreStatus.STORED) {
                state.counters.storesRefused.increment();
                LOG.debug("node={} {} refused by {}: {}", state.selfId.shortHex(), what, peer, s);
            }
            if (f != null) {
                return new PutOutcome(1, 0, 0, 0, 0, 1);
            }
            return switch (s) {
                case STORED -> PutOutcome.allStored(1);
                case REFUSED_SOURCE_QUOTA -> new PutOutcome(1, 0, 1, 0, 0, 0);
                case REFUSED_FULL -> new PutOutcome(1, 0, 0, 1, 0, 0);
                case REFUSED_NOT_SOURCE -> new PutOutcome(1, 0, 0, 0, 1, 0);
                case REFUSED_TOO_LARGE, REFUSED_NOT_A_LIST_KEY -> new PutOutcome(1, 0, 0, 0, 0, 1);
            };
        });
    }

    /**
     * Peers that store this node's record in its peer list. Every node of a list registers at the
     * same few peers closest to the list key, and a search stops at the first holder, so k copies of
     * each record bought nothing but k stores per join and per re-registration (and the admission
     * pings those strangers' requests cause). Three: a search's lookup asks the k closest to the list
     * key, so it meets one of the three even after newcomers took their places among the closest; all
     * three must leave within one 10-minute re-registration interval for a record to go missing
     * until the next one (at 20 % churn an hour, about 1 in 20,000); and each copy beyond them cost a
     * join a STORE and about one FIND_NODE (eight: 8 stores and 8.7 lookup RPCs a join at 1,000 nodes).
     */
    static final int PEER_LIST_REPLICAS = 3;

    /**
     * Stores this node's record in the peer list whose key is closest to its id, at the
     * {@link #PEER_LIST_REPLICAS} peers closest to that key (and here, if this node is among them).
     *
     * @return completes with the number of peers that stored it
     */
    CompletableFuture<Integer> registerInPeerList() {
        PeerId listKey = PeerLists.listKeyFor(state.selfId);
        synchronized (state.lock) {
            maintenance.registeredInPeerList();
        }
        if (state.records.own().isEmpty()) {
            // A node without a key has no record others would accept.
            return CompletableFuture.completedFuture(0);
        }
        NodeRecord own = state.records.own().get();
        // A lookup of the 8 closest only: waiting for all k to answer would cost about twice the RPCs.
        return lookups.findNode(listKey, PEER_LIST_REPLICAS).thenCompose(result -> {
            List<CompletableFuture<Integer>> acks = new ArrayList<>();
            List<PeerContact> closest = result.closest();
            for (PeerContact peer : closest.subList(0, Math.min(PEER_LIST_REPLICAS, closest.size()))) {
                acks.add(acknowledged(protocol.storePeerInList(peer, listKey, own), "STORE_PEERS_IN_LIST",
                        peer));
            }
            synchronized (state.lock) {
                if (selfAmongClosest(state.selfId, listKey, closest, PEER_LIST_REPLICAS)) {
                    state.peerLists.put(listKey, own, state.now() + 3 * config.peerListInterval().toMillis());
                }
            }
            return sum(acks);
        });
    }

    /** 1 if {@code store} was answered STORED, else 0; a refusal is counted. */
    private CompletableFuture<Integer> acknowledged(CompletableFuture<KademliaCodec.StoreStatus> store, String what,
                                                    PeerContact peer) {
        return store.handle((s, f) -> {
            if (f == null && s != KademliaCodec.StoreStatus.STORED) {
                state.counters.storesRefused.increment();
                LOG.debug("node={} {} refused by {}: {}", state.selfId.shortHex(), what, peer, s);
            }
            return f == null && s == KademliaCodec.StoreStatus.STORED ? 1 : 0;
        });
    }

    /** Whether this node is closer to {@code target} than the farthest of the {@code n} closest found. */
    private static boolean selfAmongClosest(PeerId self, PeerId target, List<PeerContact> closest, int n) {
        if (closest.size() < n) {
            return true;
        }
        return target.compareDistances(self, closest.get(n - 1).id()) < 0;
    }

    private static CompletableFuture<Integer> sum(List<CompletableFuture<Integer>> parts) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(x -> parts.stream().mapToInt(CompletableFuture::join).sum());
    }
}
