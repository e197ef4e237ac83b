package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a suspend/resume (the wall clock running ahead of the monotonic one) is noticed, as a table. */
class ClockJumpsTest {
    private static final long MS = 1_000_000;

    @ParameterizedTest(name = "wall +{0} ms, monotonic +{1} ms: jump {2} ms")
    @CsvSource({
            "1000,   1000,  0",     // an ordinary poll
            "6000,   6000,  0",     // a long pause of this process moves both clocks
            "5999,   1000,  0",     // 4,999 ms ahead: under the 5 s threshold
            "6001,   1000,  5001",  // just over
            "3601000, 1000, 3600000", // an hour asleep
            "-60000, 1000,  0",     // the wall clock stepped back: not a sleep
    })
    void aJumpIsTheWallClockRunningAheadOfTheMonotonicOneByMoreThanTheThreshold(long wall, long mono, long jump) {
        ClockJumps jumps = new ClockJumps(Duration.ofSeconds(5));
        assertEquals(Optional.empty(), jumps.observe(1_700_000_000_000L, 42 * MS));
        Optional<Duration> seen = jumps.observe(1_700_000_000_000L + wall, (42 + mono) * MS);
        assertEquals(jump == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(jump)), seen);
    }

    @Test
    void eachObservationIsComparedWithThePreviousOneOnly() {
        ClockJumps jumps = new ClockJumps(Duration.ofSeconds(5));
        jumps.observe(0, 0);
        assertEquals(Optional.of(Duration.ofSeconds(10)), jumps.observe(11_000, 1_000 * MS));
        assertEquals(Optional.empty(), jumps.observe(12_000, 2_000 * MS), "after the jump, time runs normally again");
    }

    @Test
    void theThresholdMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ClockJumps(Duration.ZERO));
    }
}
