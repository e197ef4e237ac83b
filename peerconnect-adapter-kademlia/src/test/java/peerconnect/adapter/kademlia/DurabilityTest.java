package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;
import peerconnect.ports.PutOutcome;
import peerconnect.ports.PutRequest;
import peerconnect.ports.memory.InMemoryEndpoint;

/**
 * A node killed in the middle of a burst of puts (no stop, no save: its dispatcher and endpoint just
 * vanish) restarts with every value it acknowledged, held or published, and the sources they came
 * from; a torn last record is ignored.
 */
class DurabilityTest {

    private static KademliaServer server(Cluster.Member m) {
        return (KademliaServer) m.node();
    }

    private static void kill(Cluster.Member m) {
        m.dispatcher().closeNow();
        m.endpoint().close();
    }

    /** Puts from the victim and from the others at once, kills the victim half-way, and returns what it acknowledged. */
    private record Burst(Map<PeerId, byte[]> acknowledgedByVictim, Map<PeerId, Optional<InetAddress>> heldAtKill,
                         int started) {
    }

    private static Burst burstThenKill(Cluster c, List<Cluster.Member> nodes, Cluster.Member victim) {
        Map<PeerId, byte[]> values = new HashMap<>();
        Map<PeerId, CompletableFuture<Integer>> own = new HashMap<>();
        int started = 0;
        for (int i = 0; i < 200; i++) {
            PeerId key = PeerId.random(c.random);
            byte[] value = ("value " + i).getBytes();
            Cluster.Member from = i % 2 == 0 ? victim : nodes.get(i % nodes.size());
            CompletableFuture<Integer> put = from.node().put(key, value);
            started++;
            if (from == victim) {
                own.put(key, put);
                values.put(key, value);
            }
            c.runFor(Duration.ofMillis(3));
        }
        // Killed while the last puts are still in flight.
        Map<PeerId, Optional<InetAddress>> held = server(victim).heldKeys();
        kill(victim);
        Map<PeerId, byte[]> acknowledged = new HashMap<>();
        // A put is acknowledged to its caller once it completes; a started one is already journaled.
        own.forEach((k, f) -> acknowledged.put(k, values.get(k)));
        return new Burst(acknowledged, held, started);
    }

    private static Cluster.Member restart(Cluster c, Cluster.Member victim) {
        InMemoryEndpoint again = c.network.endpoint(victim.contact().address());
        Cluster.Member back = c.add(victim.contact().id(), again, victim.store(), "back");
        c.await(back.node().start());
        return back;
    }

    @Test
    void aNodeKilledDuringABurstOfPutsLosesNoAcknowledgedValue() {
        Cluster c = new Cluster(61);
        List<Cluster.Member> nodes = c.grow(6);
        Cluster.Member victim = nodes.get(3);
        Burst burst = burstThenKill(c, nodes, victim);
        assertTrue(burst.heldAtKill().size() >= 150, "held " + burst.heldAtKill().size() + " of " + burst.started());

        Cluster.Member back = restart(c, victim);
        assertEquals(burst.acknowledgedByVictim().keySet(), server(back).publishedKeys(), "every published key");
        assertEquals(burst.heldAtKill(), server(back).heldKeys(), "every held value, with its source");
        for (Map.Entry<PeerId, byte[]> e : burst.acknowledgedByVictim().entrySet()) {
            assertArrayEquals(e.getValue(), c.await(back.node().get(e.getKey())).orElseThrow(), e.getKey().shortHex());
        }
        assertEquals(0, back.node().stats().rejected().getOrDefault(RejectReason.CORRUPT_STATE, 0L));
    }

    /**
     * A put whose lookup is still out when the node's dispatcher closes under it fails with that
     * cause and keeps no copy here: the lookup, cut short by us and not by the network, is no proof
     * that this node is among the k closest (the kill in the burst above wrote such a copy after
     * the held values were read).
     */
    @Test
    void aPutWhoseLookupIsCutByItsOwnDispatcherClosingKeepsNoCopyHere() {
        Cluster c = new Cluster(66);
        List<Cluster.Member> nodes = c.grow(5);
        Cluster.Member victim = nodes.get(2);
        PeerId key = PeerId.random(c.random);
        CompletableFuture<Integer> put = victim.node().put(key, new byte[] {7});
        assertFalse(put.isDone(), "the lookup is in flight");
        victim.dispatcher().closeNow();
        assertTrue(put.isCompletedExceptionally(), "the put fails with the closed dispatcher");
        java.util.concurrent.CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class, put::join);
        assertTrue(failure.getCause() instanceof peerconnect.domain.DispatcherClosedException, failure.toString());
        assertFalse(server(victim).heldKeys().containsKey(key), "no own copy from a lookup cut short");
        assertTrue(server(victim).publishedKeys().contains(key), "still published: journaled before the lookup");
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheNodeGoesOnAppending() {
        Cluster c = new Cluster(62);
        List<Cluster.Member> nodes = c.grow(5);
        Cluster.Member victim = nodes.get(2);
        Burst burst = burstThenKill(c, nodes, victim);
        long generation = ValueLog.replay(victim.store().read(Journal.logName(0)).orElse(new byte[0]), 1024)
                .generation().orElse(-1L);
        String current = Journal.logName(Math.max(generation,
                ValueLog.replay(victim.store().read(Journal.logName(1)).orElse(new byte[0]), 1024)
                        .generation().orElse(-1L)));
        byte[] frame = ValueLog.frame(new ValueLog.Published(PeerId.random(c.random), Long.MAX_VALUE, new byte[100]));
        victim.store().append(current, java.util.Arrays.copyOf(frame, frame.length / 2));

        Cluster.Member back = restart(c, victim);
        assertEquals(burst.acknowledgedByVictim().keySet(), server(back).publishedKeys(), "the torn one is not there");
        assertEquals(burst.heldAtKill(), server(back).heldKeys());

        PeerId later = PeerId.random(c.random);
        c.await(back.node().put(later, new byte[] {1}));
        kill(back);
        Cluster.Member again = restart(c, back);
        assertTrue(server(again).publishedKeys().contains(later), "appends after the torn tail are read back");
        assertEquals(burst.acknowledgedByVictim().size() + 1, server(again).publishedKeys().size());
    }

    @Test
    void aValueWithALifetimeIsForgottenByItsPublisherAndExpiresEverywhere() {
        Cluster c = new Cluster(63);
        List<Cluster.Member> nodes = c.grow(5);
        PeerId key = PeerId.random(c.random);
        PutOutcome outcome = c.await(nodes.get(1).node().publish(new PutRequest(key, new byte[] {4},
                Duration.ofMinutes(3))));
        assertEquals(new PutOutcome(outcome.asked(), outcome.asked(), 0, 0, 0), outcome, outcome.describe());
        assertTrue(outcome.asked() >= 4, outcome.describe());
        assertTrue(server(nodes.get(1)).publishedKeys().contains(key));
        c.runFor(Duration.ofMinutes(4));
        assertFalse(server(nodes.get(1)).publishedKeys().contains(key), "the published set shrinks");
        for (Cluster.Member m : nodes) {
            assertFalse(server(m).heldKeys().containsKey(key), "expired at " + m.contact());
        }
    }

    @Test
    void aDeletedValueIsDroppedByItsHoldersAndNotRepublished() {
        Cluster c = new Cluster(64);
        List<Cluster.Member> nodes = c.grow(5);
        PeerId key = PeerId.random(c.random);
        c.await(nodes.get(1).node().put(key, new byte[] {4}));
        assertTrue(server(nodes.get(2)).heldKeys().containsKey(key));
        int dropped = c.await(nodes.get(1).node().delete(key));
        assertTrue(dropped >= 4, dropped + " acknowledged the deletion");
        assertFalse(server(nodes.get(1)).publishedKeys().contains(key));
        for (Cluster.Member m : nodes) {
            assertFalse(server(m).heldKeys().containsKey(key), "still held at " + m.contact());
        }
        assertEquals(Optional.empty(), c.await(nodes.get(3).node().get(key)));
        c.runFor(Duration.ofMinutes(25));
        assertEquals(Optional.empty(), c.await(nodes.get(3).node().get(key)), "not republished");
    }

    @Test
    void noHardStopAfterAsManyPutsAsTheStoreHolds() {
        Cluster c = new Cluster(65, KademliaConfig.defaults().withMaxStoredValues(20));
        List<Cluster.Member> nodes = c.grow(3);
        List<CompletableFuture<Integer>> puts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            puts.add(nodes.get(0).node().put(PeerId.random(c.random), new byte[] {(byte) i}));
            c.runFor(Duration.ofMillis(5));
        }
        for (CompletableFuture<Integer> p : puts) {
            c.await(p);
        }
        assertEquals(40, server(nodes.get(0)).publishedKeys().size(), "the 21st put and later are accepted");
    }
}
