package peerconnect.ports;

import java.util.List;
import peerconnect.domain.PeerContact;

/**
 * The peers this node knows, for protocols that need someone to talk to but do no routing of their
 * own (gossip). The DHT adapter implements it and the app binds it, so gossip never imports the DHT.
 */
public interface PeerDirectory {
    /**
     * A snapshot of the peers this node currently believes reachable, never this node itself; empty
     * before the node has joined a network. Order unspecified. Safe to call from any thread.
     */
    List<PeerContact> knownPeers();

    /**
     * The same contacts as {@link #knownPeers()}, each with what the node knows of its liveness
     * (state, last heard, round-trip time). A directory that tracks no liveness reports
     * {@link ContactState#UNKNOWN}. Safe to call from any thread.
     */
    default List<ContactStatus> contactStatus() {
        return knownPeers().stream().map(ContactStatus::untracked).toList();
    }

    /**
     * The known peers that are not {@link ContactState#BAD}, for protocols that pick whom to talk to
     * (gossip's view): a bad contact missed several calls in a row and most likely is gone. When
     * every contact is bad (a partition, a LAN that restarted) all of them, since those are the only
     * way back. Safe to call from any thread.
     */
    default List<PeerContact> livePeers() {
        List<ContactStatus> all = contactStatus();
        List<PeerContact> live = all.stream().filter(s -> s.state() != ContactState.BAD).map(ContactStatus::contact).toList();
        return live.isEmpty() ? all.stream().map(ContactStatus::contact).toList() : live;
    }
}
