package peerconnect.app.fuzz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fuzz harness in the suite: 100,000 seeded datagrams into each target (the full million is
 * {@code peerconnect bench fuzz}). No exception escapes, the nodes account for every datagram and
 * still answer.
 */
class FuzzTest {
    private static final long DATAGRAMS = 100_000;

    @Test
    void decodersTakeAHundredThousandFuzzedDatagramsWithoutAnEscapeOrAWrongAnswer() throws Exception {
        FuzzFigures f = FuzzRun.run(3, DATAGRAMS, EnumSet.of(FuzzRun.Target.DECODERS));
        System.err.print(f.toText());
        DecoderFuzz.Figures d = f.decoders();
        long rejected = d.rejected().values().stream().mapToLong(Long::longValue).sum();
        assertAll(
                () -> assertEquals(0, d.escaped(), d.escapes().toString()),
                () -> assertEquals(0, d.wrong()),
                () -> assertEquals(DATAGRAMS, d.decoded() + rejected, "every datagram decoded or rejected"),
                () -> assertEquals(DATAGRAMS, f.mutations().values().stream().mapToLong(Long::longValue).sum()),
                () -> assertEquals(DatagramMutator.Kind.values().length, f.mutations().size(), "every mutation used"),
                // Many reach the body parsers, many are refused at each check: the fuzz is neither all junk nor all valid.
                () -> assertTrue(d.decoded() > DATAGRAMS / 5, "decoded " + d.decoded()),
                () -> assertTrue(d.rejected().size() >= 5, "rejection reasons " + d.rejected()),
                () -> assertTrue(d.discoveryBodies() > d.discoveryBodiesValid() && d.discoveryBodiesValid() > 0),
                () -> assertTrue(d.sealedIntactOpened() > 0 && d.sealedTamperedRejected() > 0),
                () -> assertTrue(f.passed()));
    }

    @Test
    void aNodeOnTheInMemoryNetworkAccountsForEveryFuzzedDatagramAndStillAnswers() throws Exception {
        FuzzFigures f = FuzzRun.run(4, DATAGRAMS, EnumSet.of(FuzzRun.Target.MEMORY_NODE));
        System.err.print(f.toText());
        assertNode(f.nodes().get(0));
    }

    @Test
    void aNodeOnAUdpSocketAccountsForEveryFuzzedDatagramAndStillAnswers() throws Exception {
        FuzzFigures f = FuzzRun.run(5, DATAGRAMS, EnumSet.of(FuzzRun.Target.UDP_NODE));
        System.err.print(f.toText());
        NodeFuzz.Figures n = f.nodes().get(0);
        assertNode(n);
        // Alone, with multicast off: the dispatcher saw exactly what reached the socket.
        assertEquals(n.sent() - n.lostBeforeNode(), n.received(), "socket reads == dispatcher receipts");
    }

    private static void assertNode(NodeFuzz.Figures n) {
        assertAll(
                () -> assertEquals(0, n.handlerFailures(), "handler exceptions"),
                () -> assertEquals(0, n.queued()),
                () -> assertEquals(n.received(), n.dispatched() + n.matched() + n.totalDropped(), n.toString()),
                () -> assertTrue(n.received() >= n.sent() - n.lostBeforeNode(), n.toString()),
                () -> assertTrue(n.dispatched() > n.received() / 10, "reached the handlers: " + n),
                () -> assertTrue(n.protocolRejected() > 0, "the protocols refused some bodies: " + n),
                () -> assertTrue(n.answered(), "answers a PING after the fuzz"));
    }

    @Test
    void theSameSeedMakesTheSameDatagrams() {
        FuzzCorpus corpus = FuzzCorpus.record(9);
        DatagramMutator a = new DatagramMutator(corpus.datagrams(), new java.util.SplittableRandom(9));
        DatagramMutator b = new DatagramMutator(corpus.datagrams(), new java.util.SplittableRandom(9));
        for (int i = 0; i < 1_000; i++) {
            DatagramMutator.Mutant x = a.next();
            DatagramMutator.Mutant y = b.next();
            assertEquals(x.kind(), y.kind());
            assertTrue(java.util.Arrays.equals(x.datagram(), y.datagram()), "datagram " + i);
        }
        assertTrue(List.of(DatagramMutator.Kind.values()).contains(a.next().kind()));
    }
}
