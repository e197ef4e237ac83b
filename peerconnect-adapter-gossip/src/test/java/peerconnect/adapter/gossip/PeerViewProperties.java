package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * {@link PeerView} under any sequence of its steps, and many views shuffling with each other: the
 * invariants hold, and the in-degree evens out from a skewed start.
 */
class PeerViewProperties {
    /** One step on a view: the peer numbers it involves (0 is the view's own node). */
    sealed interface Step {
    }

    record Fill(int from, int to) implements Step {
    }

    record Offer(int peer) implements Step {
    }

    record Answer(int initiator, int first, int count) implements Step {
    }

    record StartAndAccept(int first, int count) implements Step {
    }

    private static Gen<Step> step() {
        Gen<Integer> peer = SourceDSL.integers().between(0, 40);
        Gen<Integer> count = SourceDSL.integers().between(0, 6);
        return Generate.oneOf(
                peer.zip(peer, (a, b) -> (Step) new Fill(Math.min(a, b), Math.max(a, b))),
                peer.map(p -> (Step) new Offer(p)),
                peer.zip(peer, count, (a, b, c) -> (Step) new Answer(a, b, c)),
                peer.zip(count, (a, c) -> (Step) new StartAndAccept(a, c)));
    }

    @Test
    void aViewNeverHoldsItselfNorAPeerTwiceNorMoreThanItsCapacity() {
        qt().withFixedSeed(20261201L).withExamples(300)
                .forAll(SourceDSL.integers().between(1, 8), SourceDSL.lists().of(step()).ofSizeBetween(0, 40))
                .checkAssert((capacity, steps) -> {
                    PeerView view = new PeerView(PeerViewTest.peer(0).id(), capacity);
                    SplittableRandom random = new SplittableRandom(capacity);
                    for (Step s : steps) {
                        apply(view, s, random);
                        List<PeerContact> contacts = view.contacts();
                        assertTrue(contacts.size() <= capacity, "over capacity after " + s);
                        assertEquals(contacts.size(), new HashSet<>(contacts.stream().map(PeerContact::id).toList())
                                .size(), "a peer twice after " + s);
                        assertTrue(!view.contains(PeerViewTest.peer(0).id()), "itself after " + s);
                    }
                });
    }

    private static void apply(PeerView view, Step step, SplittableRandom random) {
        switch (step) {
            case Fill(int from, int to) -> view.fillFrom(range(from, to), random);
            case Offer(int p) -> view.offer(PeerViewTest.peer(p));
            case Answer(int initiator, int first, int count) ->
                    view.answerShuffle(PeerViewTest.peer(initiator), entries(first, count), 3, random);
            case StartAndAccept(int first, int count) -> view.startShuffle(3, random)
                    .ifPresent(s -> view.acceptAnswer(entries(first, count), s.offered()));
        }
    }

    private static List<PeerContact> range(int from, int to) {
        List<PeerContact> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(PeerViewTest.peer(i));
        }
        return out;
    }

    private static List<ViewEntry> entries(int first, int count) {
        List<ViewEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new ViewEntry(PeerViewTest.peer(first + i), i));
        }
        return out;
    }

    /**
     * 1,000 views of 7 start as skewed as routing tables can be: every node knows only the first 50
     * nodes to join, so 950 nodes are in no view at all. After 30 shuffle rounds (30 s at the default
     * interval), every node is in at least 2 views and the in-degree spread is narrow.
     */
    @Test
    void shufflingEvensOutTheInDegreeOfNodesNoRoutingTableHeld() {
        int n = 1_000;
        int size = 7;
        SplittableRandom random = new SplittableRandom(7);
        List<PeerContact> all = range(1, n + 1);
        List<PeerView> views = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PeerView v = new PeerView(all.get(i).id(), size);
            v.fillFrom(all.subList(0, 50), random);
            views.add(v);
        }
        int[] before = inDegrees(views, all);
        assertEquals(0, java.util.Arrays.stream(before).min().orElseThrow(), "the start is skewed");
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < n; i++) {
                PeerContact self = all.get(i);
                views.get(i).startShuffle(4, random).ifPresent(start -> {
                    PeerView target = views.get(indexOf(all, start.target()));
                    List<ViewEntry> answer = target.answerShuffle(self, start.offered(), 4, random);
                    views.get(indexOf(all, self)).acceptAnswer(answer, start.offered());
                });
            }
        }
        int[] after = inDegrees(views, all);
        java.util.Arrays.sort(after);
        Set<Integer> spread = new HashSet<>();
        for (int d : after) {
            spread.add(d);
        }
        System.out.printf("PeerViewProperties: in-degree of 1,000 views of 7 after 30 rounds: min %d, median %d,"
                + " max %d (before: min 0, max %d)%n", after[0], after[n / 2], after[n - 1],
                java.util.Arrays.stream(before).max().orElseThrow());
        assertTrue(after[0] >= 2, "least in-degree " + after[0]);
        assertTrue(after[n / 2] >= 6 && after[n / 2] <= 8, "median in-degree " + after[n / 2]);
        assertTrue(after[n - 1] <= 16, "largest in-degree " + after[n - 1]);
    }

    private static int indexOf(List<PeerContact> all, PeerContact c) {
        byte[] id = c.id().toBytes();
        return (((id[0] & 0xff) << 8) | (id[1] & 0xff)) - 1;
    }

    private static int[] inDegrees(List<PeerView> views, List<PeerContact> all) {
        int[] in = new int[all.size()];
        for (PeerView v : views) {
            for (PeerContact c : v.contacts()) {
                in[indexOf(all, c)]++;
            }
        }
        return in;
    }

    static PeerId idOf(int i) {
        return PeerViewTest.peer(i).id();
    }
}
