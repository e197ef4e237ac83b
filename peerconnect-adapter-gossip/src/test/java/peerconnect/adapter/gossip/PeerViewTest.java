package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** The shuffle steps of {@link PeerView}, one by one. */
class PeerViewTest {
    private static final PeerId SELF = peer(0).id();

    static PeerContact peer(int i) {
        byte[] id = new byte[PeerId.BYTES];
        id[0] = (byte) (i >> 8);
        id[1] = (byte) i;
        id[19] = 1;
        return new PeerContact(PeerId.of(id), NodeAddress.of(new byte[] {(byte) 198, 18, (byte) (i >> 8), (byte) i},
                4000));
    }

    private static List<PeerContact> peers(int from, int to) {
        List<PeerContact> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(peer(i));
        }
        return out;
    }

    @Test
    void fillingTakesPeersOfTheDirectoryUpToTheCapacityNeverItselfAndNeverTwice() {
        PeerView view = new PeerView(SELF, 5);
        view.fillFrom(peers(0, 3), new SplittableRandom(1));
        assertEquals(2, view.size(), "peer 0 is this node");
        view.fillFrom(peers(0, 20), new SplittableRandom(2));
        assertEquals(5, view.size());
        assertEquals(5, view.contacts().stream().distinct().count());
        assertFalse(view.contains(SELF));
        assertTrue(view.contains(peer(1).id()) && view.contains(peer(2).id()), "those already in stay");
    }

    @Test
    void aShuffleGoesToTheOldestEntryWhichLeavesTheView() {
        PeerView view = new PeerView(SELF, 4);
        view.offer(peer(1));
        PeerView.ShuffleStart first = view.startShuffle(3, new SplittableRandom(1)).orElseThrow();
        assertEquals(peer(1), first.target(), "the only entry");
        assertEquals(0, view.size());
        view.offer(peer(2));
        view.startShuffle(3, new SplittableRandom(1)); // peer 2 leaves, aged 1
        view.offer(peer(3));
        view.offer(peer(4));
        view.acceptAnswer(List.of(new ViewEntry(peer(5), 9)), List.of());
        PeerView.ShuffleStart next = view.startShuffle(3, new SplittableRandom(1)).orElseThrow();
        assertEquals(peer(5), next.target(), "the entry that came aged 9");
        assertEquals(2, next.offered().size(), "length - 1: the sender adds itself");
        assertTrue(view.startShuffle(3, new SplittableRandom(1)).isPresent());
        assertTrue(new PeerView(SELF, 3).startShuffle(3, new SplittableRandom(1)).isEmpty(), "an empty view");
    }

    @Test
    void theAnsweringSideTakesTheInitiatorFreshAndGivesUpWhatItAnsweredWith() {
        PeerView view = new PeerView(SELF, 3);
        view.offer(peer(1));
        view.offer(peer(2));
        view.offer(peer(3));
        List<ViewEntry> answer = view.answerShuffle(peer(9), List.of(ViewEntry.fresh(peer(7)), ViewEntry.fresh(peer(8))),
                2, new SplittableRandom(3));
        assertEquals(2, answer.size());
        assertTrue(view.contains(peer(9).id()), "the initiator is in");
        assertEquals(3, view.size(), "capacity kept");
        for (ViewEntry e : answer) {
            assertFalse(view.contains(e.contact().id()), "answered entries made room: " + e);
        }
        assertEquals(ViewEntry.fresh(peer(9)), view.entries().stream()
                .filter(e -> e.contact().equals(peer(9))).findFirst().orElseThrow());
    }

    @Test
    void theInitiatorsAddressIsTheOneItsDatagramCameFrom() {
        PeerView view = new PeerView(SELF, 3);
        PeerContact stale = new PeerContact(peer(1).id(), NodeAddress.parse("198.18.9.9:1"));
        view.offer(stale);
        view.answerShuffle(peer(1), List.of(), 1, new SplittableRandom(1));
        assertEquals(List.of(peer(1)), view.contacts());
    }

    @Test
    void theActiveSideTakesTheAnswerInPlaceOfWhatItOffered() {
        PeerView view = new PeerView(SELF, 3);
        view.offer(peer(1));
        view.offer(peer(2));
        view.offer(peer(3));
        view.offer(peer(4));
        PeerView.ShuffleStart start = view.startShuffle(3, new SplittableRandom(5)).orElseThrow();
        assertEquals(2, view.size());
        view.acceptAnswer(List.of(ViewEntry.fresh(peer(10)), ViewEntry.fresh(peer(11)), ViewEntry.fresh(peer(12)),
                ViewEntry.fresh(SELF_CONTACT())), start.offered());
        assertEquals(3, view.size());
        assertFalse(view.contains(SELF));
        assertTrue(view.contains(peer(10).id()), "into the empty place first");
        int kept = 0;
        for (ViewEntry e : start.offered()) {
            kept += view.contains(e.contact().id()) ? 1 : 0;
        }
        assertEquals(0, kept, "the two offered entries gave way to peers 11 and 12");
    }

    private static PeerContact SELF_CONTACT() {
        return peer(0);
    }
}
