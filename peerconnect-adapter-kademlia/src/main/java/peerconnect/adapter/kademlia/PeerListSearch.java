package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerId;
import peerconnect.domain.Scheduler;
import peerconnect.ports.PeerRecord;

/**
 * Reads the peer lists: a search by name over every list and a fetch of one list, each answer's
 * signed records checked (once per record: the book knows those seen before) before they are
 * reported.
 */
final class PeerListSearch {
    private final NodeState state;
    private final PeerRecord self;
    private final KademliaProtocol protocol;
    private final Lookups lookups;
    private final Scheduler scheduler;

    PeerListSearch(NodeState state, PeerRecord self, KademliaProtocol protocol, Lookups lookups, Scheduler scheduler) {
        this.state = state;
        this.self = self;
        this.protocol = protocol;
        this.lookups = lookups;
        this.scheduler = scheduler;
    }

    /** This node and the peers whose name matches {@code q}, from the peer lists here and at their holders. */
    CompletableFuture<List<PeerRecord>> search(String q) {
        Map<PeerId, PeerRecord> found = new LinkedHashMap<>();
        synchronized (state.lock) {
            if (PeerLists.matches(self.name(), q)) {
                found.put(state.selfId, self);
            }
            for (NodeRecord r : state.peerLists.search(q, state.now())) {
                found.putIfAbsent(r.peerId(), RecordKeeper.toPeerRecord(r));
            }
        }
        List<CompletableFuture<LookupResult>> searches = new ArrayList<>();
        for (PeerId listKey : PeerLists.keys()) {
            searches.add(lookups.iterate(listKey, peer -> protocol.searchPeers(peer, listKey, q)));
        }
        // The answers' records are checked (once per record: the book knows those seen before) on the
        // scheduler's executor: a reply completes on the receiving thread.
        return CompletableFuture.allOf(searches.toArray(CompletableFuture[]::new)).thenApplyAsync(x -> {
            for (CompletableFuture<LookupResult> s : searches) {
                s.join().found().filter(KademliaCodec.Records.class::isInstance).ifPresent(r -> {
                    for (NodeRecord rec : ((KademliaCodec.Records) r).records()) {
                        if (PeerLists.matches(rec.name(), q)) {
                            state.records.check(rec, answerer(s.join()))
                                    .ifPresent(ok -> found.putIfAbsent(ok.peerId(), RecordKeeper.toPeerRecord(ok)));
                        }
                    }
                });
            }
            return List.copyOf(found.values());
        }, scheduler::execute);
    }

    /** The peer list under {@code listKey}: held here, else looked up; every record checked. */
    CompletableFuture<List<PeerRecord>> find(PeerId listKey) {
        if (!PeerLists.isListKey(listKey)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(listKey + " is not a peer-list key"));
        }
        synchronized (state.lock) {
            if (state.peerLists.holds(listKey)) {
                return CompletableFuture.completedFuture(state.peerLists.list(listKey, state.now()).stream()
                        .map(RecordKeeper::toPeerRecord).toList());
            }
        }
        return lookups.iterate(listKey, peer -> protocol.findPeerList(peer, listKey)).thenApplyAsync(r -> r.found()
                .filter(KademliaCodec.Records.class::isInstance).map(v -> ((KademliaCodec.Records) v).records())
                .orElse(List.of()).stream()
                .flatMap(rec -> state.records.check(rec, answerer(r)).stream())
                .map(RecordKeeper::toPeerRecord).toList(), scheduler::execute);
    }

    /**
     * The source charged with checking a lookup's records: the closest peer that answered (the lookup
     * does not say which peer held the list; the global budget bounds the checks either way).
     */
    private NodeAddress answerer(LookupResult r) {
        return r.closest().isEmpty() ? self.contact().address() : r.closest().get(0).address();
    }
}
