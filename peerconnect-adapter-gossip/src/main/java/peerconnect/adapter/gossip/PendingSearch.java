package peerconnect.adapter.gossip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import peerconnect.domain.Cancellable;
import peerconnect.domain.PeerId;
import peerconnect.ports.PeerRecord;

/** One search of this node awaiting answers until its deadline. */
final class PendingSearch {
    final CompletableFuture<List<PeerRecord>> future = new CompletableFuture<>();
    final Consumer<PeerRecord> onResult;
    private final Map<PeerId, PeerRecord> found = new LinkedHashMap<>();
    private final int maxResults;
    Cancellable deadline = () -> { };

    PendingSearch(Consumer<PeerRecord> onResult, int maxResults) {
        this.onResult = onResult;
        this.maxResults = maxResults;
    }

    /** Records an answer; false if the peer answered before or the search has all the results it keeps. */
    boolean add(PeerRecord peer) {
        if (found.size() >= maxResults || found.containsKey(peer.contact().id())) {
            return false;
        }
        found.put(peer.contact().id(), peer);
        return true;
    }

    List<PeerRecord> results() {
        return List.copyOf(new ArrayList<>(found.values()));
    }
}
