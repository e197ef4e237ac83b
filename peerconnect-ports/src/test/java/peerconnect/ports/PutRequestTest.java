package peerconnect.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** The one lifetime rule: whole seconds from 1 s to 365 days, or until deleted; typed as 90s, 10m, 2h, 7d, forever. */
class PutRequestTest {
    private static final PeerId KEY = PeerId.fromHex("ab".repeat(20));

    @Test
    void typedLifetimesReadAsTheirDurations() {
        assertEquals(Duration.ofSeconds(90), PutRequest.parseLifetime("90s"));
        assertEquals(Duration.ofMinutes(10), PutRequest.parseLifetime("10m"));
        assertEquals(Duration.ofHours(2), PutRequest.parseLifetime(" 2H "));
        assertEquals(Duration.ofDays(365), PutRequest.parseLifetime("365d"));
        assertEquals(PutRequest.UNTIL_DELETED, PutRequest.parseLifetime("forever"));
    }

    @Test
    void badLifetimesAreRefusedWithASentenceThatSaysWhatIsAllowed() {
        for (String bad : List.of("", "0s", "10", "m", "-5m", "1.5h", "366d", "10 m", "1w", "999999999999d")) {
            InvalidLifetimeException e = assertThrows(InvalidLifetimeException.class, () -> PutRequest.parseLifetime(bad),
                    bad);
            assertTrue(e.getMessage().contains("lifetime"), e.getMessage());
        }
        assertEquals("a lifetime is whole seconds from 1s to 365d (or forever), got 0.5s",
                assertThrows(InvalidLifetimeException.class,
                        () -> new PutRequest(KEY, new byte[1], Duration.ofMillis(500))).getMessage());
    }

    @Test
    void theRecordHoldsTheSameRuleAsTheParser() {
        assertThrows(InvalidLifetimeException.class, () -> new PutRequest(KEY, new byte[1], Duration.ZERO));
        assertThrows(InvalidLifetimeException.class, () -> new PutRequest(KEY, new byte[1], Duration.ofDays(366)));
        assertThrows(InvalidLifetimeException.class, () -> new PutRequest(KEY, new byte[1], Duration.ofSeconds(-1)));
        assertTrue(PutRequest.of(KEY, new byte[1]).untilDeleted());
        assertEquals(Duration.ofSeconds(1), new PutRequest(KEY, new byte[1], Duration.ofSeconds(1)).lifetime());
    }
}
