package peerconnect.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;

/** {@link PeerWatch#changes}: the events between two snapshots, suspicions included. */
class PeerWatchTest {
    private static final Peer P = new Peer(PeerId.fromHex("01" + "0".repeat(38)), NodeAddress.parse("10.0.0.1:4000"));
    private static final Peer Q = new Peer(PeerId.fromHex("02" + "0".repeat(38)), NodeAddress.parse("10.0.0.2:4000"));

    @Test
    void aPeerThatMissesACallIsSuspectedOnceThenLeavesOrRecovers() {
        assertEquals(List.of(new PeerEvent.Suspected(P)), PeerWatch.changes(Set.of(P, Q), Set.of(), Set.of(P, Q),
                Set.of(P)));
        assertEquals(List.of(), PeerWatch.changes(Set.of(P, Q), Set.of(P), Set.of(P, Q), Set.of(P)), "told once");
        assertEquals(List.of(), PeerWatch.changes(Set.of(P, Q), Set.of(P), Set.of(P, Q), Set.of()), "recovered: quiet");
        assertEquals(List.of(new PeerEvent.Left(P)), PeerWatch.changes(Set.of(P, Q), Set.of(P), Set.of(Q), Set.of()));
    }

    @Test
    void aPeerThatJoinsSuspectedIsToldAsJoinedOnly() {
        assertEquals(List.of(new PeerEvent.Joined(Q)), PeerWatch.changes(Set.of(P), Set.of(), Set.of(P, Q), Set.of(Q)));
    }
}
