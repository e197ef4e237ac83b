package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link RttEstimate}: RFC 6298's smoothed round trip and the bounded timeout it gives. */
class RttEstimateTest {

    @Test
    void beforeAnySampleTheConfiguredTimeoutHolds() {
        assertEquals(1000, RttEstimate.NONE.timeoutMillis(1000, 250, 3000));
    }

    @Test
    void theFirstSampleSetsSrttAndHalfOfItAsVariance() {
        RttEstimate e = RttEstimate.NONE.update(80);
        assertEquals(80, e.srttMillis(), 1e-9);
        assertEquals(40, e.rttvarMillis(), 1e-9);
        assertEquals(240 + 0, e.timeoutMillis(1000, 100, 3000), "80 + 4 * 40");
    }

    @Test
    void laterSamplesAreSmoothedAsRfc6298Says() {
        RttEstimate e = RttEstimate.NONE.update(80).update(40);
        assertEquals(0.875 * 80 + 0.125 * 40, e.srttMillis(), 1e-9);
        assertEquals(0.75 * 40 + 0.25 * 40, e.rttvarMillis(), 1e-9);
        assertEquals(2, e.samples());
    }

    @Test
    void theTimeoutStaysWithinItsBounds() {
        RttEstimate fast = RttEstimate.NONE;
        for (int i = 0; i < 50; i++) {
            fast = fast.update(1);
        }
        assertEquals(250, fast.timeoutMillis(1000, 250, 3000), "a 1 ms LAN peer still gets the floor");
        RttEstimate slow = RttEstimate.NONE.update(5000);
        assertEquals(3000, slow.timeoutMillis(1000, 250, 3000), "a swamped peer gets the ceiling");
    }
}
