package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Examples of {@link ReplayWindow}: replays, the window's edge, wrap-around and the sender bound. */
class ReplayWindowTest {

    @Test
    void aRepeatedNonceIsRefusedAndAnotherCounterIsNot() {
        ReplayWindow window = ReplayWindow.create();
        assertTrue(window.accept(7, 100));
        assertFalse(window.accept(7, 100));
        assertTrue(window.accept(7, 101));
        assertFalse(window.accept(7, 101));
        assertFalse(window.accept(7, 100));
    }

    @Test
    void reorderedCountersInsideTheWindowAreAcceptedOnce() {
        ReplayWindow window = ReplayWindow.create();
        assertTrue(window.accept(1, 1_000));
        assertTrue(window.accept(1, 998));
        assertTrue(window.accept(1, 999));
        assertTrue(window.accept(1, 1_000 - ReplayWindow.WINDOW + 1), "oldest counter still in the window");
        assertFalse(window.accept(1, 999));
        assertFalse(window.accept(1, 1_000 - ReplayWindow.WINDOW + 1));
    }

    @Test
    void aCounterBelowTheWindowIsRefusedEvenIfNeverSeen() {
        ReplayWindow window = ReplayWindow.create();
        assertTrue(window.accept(1, 5_000));
        assertFalse(window.accept(1, 5_000 - ReplayWindow.WINDOW));
        assertFalse(window.accept(1, 0));
    }

    @Test
    void aJumpBeyondTheWindowForgetsTheOldMarksButNotTheNewOnes() {
        ReplayWindow window = ReplayWindow.create();
        assertTrue(window.accept(1, 10));
        assertTrue(window.accept(1, 10 + 3L * ReplayWindow.WINDOW));
        // Same ring slot as 10, but a different counter still inside the new window: never seen, so new.
        assertTrue(window.accept(1, 10 + 2L * ReplayWindow.WINDOW + ReplayWindow.WINDOW / 2));
        assertFalse(window.accept(1, 10));
    }

    @Test
    void countersWrapPastTheLargestUnsignedValue() {
        ReplayWindow window = ReplayWindow.create();
        assertTrue(window.accept(3, -2L)); // 2^64 - 2
        assertTrue(window.accept(3, -1L));
        assertTrue(window.accept(3, 0L));
        assertTrue(window.accept(3, 1L));
        assertFalse(window.accept(3, -2L));
        assertFalse(window.accept(3, 0L));
        assertTrue(window.accept(3, Long.MAX_VALUE));
        assertTrue(window.accept(3, Long.MIN_VALUE), "signed overflow is just the next counter");
        assertFalse(window.accept(3, Long.MAX_VALUE));
    }

    @Test
    void theLeastRecentlyUsedSenderIsForgottenAndItsOldDatagramThenOpensOnceMore() {
        ReplayWindow window = ReplayWindow.withMaxSenders(2);
        assertTrue(window.accept(1, 50));
        assertTrue(window.accept(2, 50));
        assertTrue(window.accept(1, 51)); // 1 is now the most recently used
        assertTrue(window.accept(3, 50)); // evicts 2
        assertEquals(2, window.senders());
        assertFalse(window.accept(1, 50), "sender 1 is still remembered");
        assertTrue(window.accept(2, 50), "the documented caveat: a forgotten sender's datagram replays once");
        assertFalse(window.accept(2, 50));
    }

    @Test
    void theBoundMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayWindow.withMaxSenders(0));
        assertTrue(e.getMessage().contains("at least 1"));
        assertEquals(ReplayWindow.DEFAULT_MAX_SENDERS, ReplayWindow.create().maxSenders());
    }
}
