package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** The value store's bounds: in total, per source address, and what expiry and replacement give back. */
class ValueStoreTest {
    private final SplittableRandom random = new SplittableRandom(7);
    private final InetAddress a = address(10, 0, 0, 1);
    private final InetAddress b = address(10, 0, 0, 2);

    private static InetAddress address(int... bytes) {
        try {
            byte[] ip = new byte[bytes.length];
            for (int i = 0; i < ip.length; i++) {
                ip[i] = (byte) bytes[i];
            }
            return InetAddress.getByAddress(ip);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private PeerId key() {
        return PeerId.random(random);
    }

    @Test
    void aSourceGetsItsQuotaAndNoMore() {
        // Capacity 4: alone, a source's share is half of it, 2.
        ValueStore store = new ValueStore(4, 2);
        assertEquals(ValueStore.PutResult.STORED, store.putFrom(a, key(), new byte[1], 100, 0));
        assertEquals(ValueStore.PutResult.STORED, store.putFrom(a, key(), new byte[1], 100, 0));
        assertEquals(ValueStore.PutResult.REFUSED_SOURCE_QUOTA, store.putFrom(a, key(), new byte[1], 100, 0));
        assertEquals(ValueStore.PutResult.STORED, store.putFrom(b, key(), new byte[1], 100, 0));
        assertEquals(2, store.countOf(a));
        assertEquals(3, store.size());
    }

    @Test
    void expiryGivesTheQuotaBackAndForgetsTheSource() {
        ValueStore store = new ValueStore(2, 1);
        PeerId k = key();
        store.putFrom(a, k, new byte[1], 100, 0);
        assertEquals(ValueStore.PutResult.REFUSED_SOURCE_QUOTA, store.putFrom(a, key(), new byte[1], 200, 50));
        assertEquals(ValueStore.PutResult.STORED, store.putFrom(a, key(), new byte[1], 300, 100), "the first expired");
        assertEquals(1, store.countOf(a));
        store.purgeExpired(1000);
        assertEquals(0, store.sourceCount(), "no source kept without a live value");
    }

    @Test
    void aKeyStoredAgainByAnotherSourceMovesToItsQuota() {
        ValueStore store = new ValueStore(2, 1);
        PeerId k = key();
        store.putFrom(a, k, new byte[1], 100, 0);
        assertEquals(ValueStore.PutResult.STORED, store.putFrom(b, k, new byte[] {2}, 100, 0));
        assertEquals(0, store.countOf(a));
        assertEquals(1, store.countOf(b));
        assertEquals(ValueStore.PutResult.REFUSED_SOURCE_QUOTA, store.putFrom(b, key(), new byte[1], 100, 0));
    }

    @Test
    void aFullStoreRefusesEveryoneButOwnValuesCountInNoQuota() {
        ValueStore store = new ValueStore(2, 2);
        assertEquals(ValueStore.PutResult.STORED, store.putOwn(key(), new byte[1], 100, 0));
        assertEquals(ValueStore.PutResult.STORED, store.putFrom(a, key(), new byte[1], 100, 0));
        assertEquals(ValueStore.PutResult.REFUSED_FULL, store.putFrom(b, key(), new byte[1], 100, 0));
        assertEquals(ValueStore.PutResult.REFUSED_FULL, store.putOwn(key(), new byte[1], 100, 0));
        assertEquals(1, store.sourceCount());
    }

    @Test
    void aSourceAloneMayFillHalfTheStoreAndTheShareShrinksAsSourcesArrive() {
        ValueStore store = new ValueStore(12, 1);
        for (int i = 0; i < 6; i++) {
            assertEquals(ValueStore.PutResult.STORED, store.putFrom(a, key(), new byte[1], 100, 0), "value " + i);
        }
        assertEquals(ValueStore.PutResult.REFUSED_SOURCE_QUOTA, store.putFrom(a, key(), new byte[1], 100, 0),
                "one source never fills the store");
        assertEquals(6, store.shareOf(a));
        assertEquals(6, store.shareOf(b), "a newcomer would be the second source");
        store.putFrom(b, key(), new byte[1], 100, 0);
        assertEquals(4, store.shareOf(InetAddress.getLoopbackAddress()), "a third: a third of the capacity");
    }

    @Test
    void restoredValuesKeepTheirSourceAndCountInItsShareButAreNotRefused() {
        ValueStore store = new ValueStore(4, 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(ValueStore.PutResult.STORED, store.restore(key(), new byte[1], 100, 0, Optional.of(a)));
        }
        assertEquals(3, store.countOf(a), "past its share of 2: it was accepted before the restart");
        assertEquals(ValueStore.PutResult.REFUSED_SOURCE_QUOTA, store.putFrom(a, key(), new byte[1], 100, 0),
                "and gets no fresh slots from the restart");
        assertEquals(ValueStore.PutResult.STORED, store.restore(key(), new byte[1], 100, 0, Optional.empty()));
        assertEquals(ValueStore.PutResult.REFUSED_FULL, store.restore(key(), new byte[1], 100, 0, Optional.of(b)));
    }

    @Test
    void aStoreThatHasAlreadyExpiredDeletesTheKey() {
        ValueStore store = new ValueStore(4, 2);
        PeerId k = key();
        store.putFrom(a, k, new byte[] {1}, 100, 0);
        assertEquals(ValueStore.PutResult.DELETED, store.putFrom(a, k, new byte[0], 10, 10));
        assertEquals(Optional.empty(), store.get(k, 10));
        assertEquals(0, store.size());
        assertEquals(0, store.countOf(a));
    }
}
