package peerconnect.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who the control socket serves: its owner only, a bounded number at once. */
class ControlAccessTest {

    @Test
    void theOwnerIsServedWhileThereIsRoom() {
        assertInstanceOf(ControlAccess.Decision.Admit.class, ControlAccess.decide(Optional.of("ann"), "ann", 3, 4));
        // Where the JDK cannot tell the peer's user, the socket's file mode is the guard.
        assertInstanceOf(ControlAccess.Decision.Admit.class, ControlAccess.decide(Optional.empty(), "ann", 0, 4));
    }

    @Test
    void anotherUserIsRefusedByNameEvenWhenThereIsRoom() {
        ControlAccess.Decision d = ControlAccess.decide(Optional.of("bob"), "ann", 0, 4);
        ControlAccess.Decision.Refuse refuse = assertInstanceOf(ControlAccess.Decision.Refuse.class, d);
        assertEquals(ControlAccess.Reason.OTHER_USER, refuse.reason());
        assertTrue(refuse.message().contains("'ann'") && refuse.message().contains("'bob'"), refuse.message());
    }

    @Test
    void oneClientMoreThanTheLimitIsRefusedAsBusy() {
        ControlAccess.Decision d = ControlAccess.decide(Optional.of("ann"), "ann", 4, 4);
        assertEquals(ControlAccess.Reason.BUSY, assertInstanceOf(ControlAccess.Decision.Refuse.class, d).reason());
    }
}
