package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;
import peerconnect.ports.PutOutcome;
import peerconnect.ports.PutRequest;

/**
 * A republish sends a 40-byte REFRESH (key, TTL, digest) to each of the closest peers and the whole
 * value only to those that do not hold it: on a stable network no value is sent again, the bytes a
 * republish costs are a small part of the put's, and the holders still keep the values past their
 * TTL; a peer that joined since gets the full STORE.
 */
class RepublishRefreshTest {
    private static final int VALUES = 40;
    private static final int VALUE_BYTES = 1000;

    private static long counter(Cluster.Member m, String name) {
        java.util.Map<String, Long> counters = new java.util.HashMap<>();
        m.node().reportCounters(counters::put);
        return counters.get("kademlia." + name);
    }

    private static KademliaServer server(Cluster.Member m) {
        return (KademliaServer) m.node();
    }

    @Test
    void aRepublishToPeersThatHoldTheValueSendsNoValueAndKeepsItAlive() {
        Cluster c = new Cluster(91);
        List<Cluster.Member> nodes = c.grow(6);
        Cluster.Member publisher = nodes.get(0);
        long bytesBefore = counter(publisher, "requestBytesSent");
        long requestsBefore = counter(publisher, "rpcAttempts");
        List<PeerId> keys = new ArrayList<>();
        List<CompletableFuture<PutOutcome>> puts = new ArrayList<>();
        for (int i = 0; i < VALUES; i++) {
            PeerId key = PeerId.random(c.random);
            keys.add(key);
            byte[] value = new byte[VALUE_BYTES];
            c.random.nextBytes(value);
            puts.add(publisher.node().publish(PutRequest.of(key, value)));
            c.runFor(Duration.ofMillis(20));
        }
        for (CompletableFuture<PutOutcome> p : puts) {
            PutOutcome o = c.await(p);
            assertEquals(PutOutcome.allStored(5), o, o.describe());
        }
        long putBytes = counter(publisher, "requestBytesSent") - bytesBefore;
        long putRequests = counter(publisher, "rpcAttempts") - requestsBefore;

        // One republish interval (20 minutes), the tick that takes the values due, and the minute it spreads them over.
        c.runFor(Duration.ofMinutes(23));
        long republishBytes = counter(publisher, "requestBytesSent") - bytesBefore - putBytes;
        long republishRequests = counter(publisher, "rpcAttempts") - requestsBefore - putRequests;
        assertEquals(VALUES, counter(publisher, "republishes"));
        assertEquals(VALUES * 5L, counter(publisher, "republishRefreshed"), "every holder answered REFRESHED");
        assertEquals(0, counter(publisher, "republishStored"), "no value was sent again");
        long storeBytes = VALUES * 5L * (KademliaCodec.STORE_OVERHEAD + VALUE_BYTES);
        long refreshBytes = VALUES * 5L * (PeerId.BYTES + 4 + KademliaCodec.DIGEST_BYTES);
        System.out.printf("RepublishRefreshTest: %d values of %d bytes at 5 peers: put sent %d requests, %d bytes;"
                        + " republish %d requests, %d bytes (%.2f of the put's; STORE bodies not sent: %d bytes,"
                        + " REFRESH bodies sent instead: %d bytes)%n", VALUES, VALUE_BYTES, putRequests, putBytes,
                republishRequests, republishBytes, (double) republishBytes / putBytes, storeBytes, refreshBytes);
        // Most of the republish's bytes are its lookups' FIND_NODEs, padded towards peers this node has
        // not answered lately (RequestPadding): how many of those there are depends on the peer-list
        // registrations that reach it, 0.21 of the put's bytes with lists at 8 peers, 0.28 at 3. The
        // 205,200 bytes of values a STORE would resend are what a third still rules out.
        assertTrue(republishBytes * 3 < putBytes, "republish " + republishBytes + " bytes, put " + putBytes);

        // Past the 1-hour TTL of the first STOREs: the refreshes kept the values at every holder.
        c.runFor(Duration.ofMinutes(45));
        for (Cluster.Member m : nodes) {
            assertTrue(server(m).heldKeys().keySet().containsAll(keys), "every value still held at " + m.contact());
        }
    }

    @Test
    void aPeerThatJoinedSinceTheLastStoreGetsTheWholeValue() {
        Cluster c = new Cluster(92);
        List<Cluster.Member> nodes = c.grow(4);
        Cluster.Member publisher = nodes.get(0);
        List<PeerId> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PeerId key = PeerId.random(c.random);
            keys.add(key);
            c.await(publisher.node().put(key, new byte[] {(byte) i, 1, 2}));
        }
        Cluster.Member late = c.grow(1).get(0);
        assertTrue(server(late).heldKeys().isEmpty());
        c.runFor(Duration.ofMinutes(23));
        assertEquals(10, counter(publisher, "republishStored"), "one STORE per value, to the newcomer");
        assertEquals(30, counter(publisher, "republishRefreshed"), "the three old holders only refreshed");
        assertTrue(server(late).heldKeys().keySet().containsAll(keys), "the newcomer holds every value");
    }

    @Test
    void aRefreshOfOtherBytesOrFromAnotherSourceIsNotHeld() throws java.net.UnknownHostException {
        ValueStore store = new ValueStore(100, 10);
        java.net.InetAddress a = java.net.InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
        java.net.InetAddress b = java.net.InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
        PeerId key = PeerId.random(new java.util.SplittableRandom(1));
        byte[] value = {1, 2, 3};
        store.putFrom(a, key, value, 1_000, 0);
        assertTrue(store.refresh(key, KademliaCodec.digest(new byte[] {1, 2, 4}), a, 5_000, 10).isEmpty(), "other bytes");
        assertTrue(store.refresh(key, KademliaCodec.digest(value), b, 5_000, 10).isEmpty(), "another source");
        assertTrue(store.refresh(key, KademliaCodec.digest(value), a, 5_000, 2_000).isEmpty(), "already expired");
        store.putFrom(a, key, value, 1_000, 0);
        assertEquals(5_000, store.refresh(key, KademliaCodec.digest(value), a, 5_000, 10).orElseThrow()
                .expiresAtMillis());
        assertEquals(5_000, store.refresh(key, KademliaCodec.digest(value), a, 3_000, 20).orElseThrow()
                .expiresAtMillis(), "a refresh never shortens a life");
    }
}
