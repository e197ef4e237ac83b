package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where sealed datagrams are opened, by table: the mode now, the work done, the time passed. */
class OpeningPolicyTest {
    private record Row(boolean offloading, long busyNanos, long elapsedNanos, boolean next) {
    }

    @Test
    void theDecisionFollowsTheTable() {
        Row[] table = {
            new Row(false, 0, 10_000_000, false),           // idle
            new Row(false, 5_000_000, 10_000_000, false),   // exactly half a thread: still inline
            new Row(false, 5_000_001, 10_000_000, true),    // more than half: the workers open
            new Row(true, 4_000_000, 10_000_000, true),     // between the levels: stays offloaded
            new Row(true, 3_000_000, 10_000_000, true),     // at a third: still offloaded
            new Row(true, 2_999_999, 10_000_000, false),    // below a third: back on the receiving thread
            new Row(false, 20_000_000, 10_000_000, true),   // two workers busy: far above one thread
            new Row(false, 5_000_000, 0, false),            // a clock standing still keeps the mode
            new Row(true, 5_000_000, 0, true),
            new Row(true, 0, -5, true),                     // a clock stepping back too
        };
        for (Row r : table) {
            assertEquals(r.next(), OpeningPolicy.offload(r.offloading(), r.busyNanos(), r.elapsedNanos()), r.toString());
        }
    }
}
