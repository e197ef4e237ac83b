package peerconnect.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

class PeerDirectoryTest {
    private static PeerContact contact(int i) {
        return new PeerContact(PeerId.fromHex(String.format("%02x", i).repeat(20)), NodeAddress.parse("10.0.0." + i + ":4000"));
    }

    private static PeerDirectory of(List<ContactStatus> statuses) {
        return new PeerDirectory() {
            @Override
            public List<PeerContact> knownPeers() {
                return statuses.stream().map(ContactStatus::contact).toList();
            }

            @Override
            public List<ContactStatus> contactStatus() {
                return statuses;
            }
        };
    }

    private static ContactStatus in(int i, ContactState state) {
        return new ContactStatus(contact(i), state, Duration.ofSeconds(1), Duration.ofMillis(2), 1, state == ContactState.BAD ? 3 : 0);
    }

    @Test
    void livePeersLeaveOutTheBadOnes() {
        PeerDirectory directory = of(List.of(in(1, ContactState.GOOD), in(2, ContactState.BAD),
                in(3, ContactState.QUESTIONABLE), in(4, ContactState.UNKNOWN), in(5, ContactState.BAD)));
        assertEquals(List.of(contact(1), contact(3), contact(4)), directory.livePeers());
    }

    @Test
    void whenEveryContactIsBadTheyAreAllThereIs() {
        PeerDirectory directory = of(List.of(in(1, ContactState.BAD), in(2, ContactState.BAD)));
        assertEquals(List.of(contact(1), contact(2)), directory.livePeers());
        assertEquals(List.of(), of(List.of()).livePeers());
    }

    @Test
    void aDirectoryThatTracksNoLivenessGivesEveryKnownPeer() {
        PeerDirectory untracked = () -> List.of(contact(7), contact(8));
        assertEquals(List.of(contact(7), contact(8)), untracked.livePeers());
    }
}
