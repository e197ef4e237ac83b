package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long runs read well: durations as seconds, a progress line that redraws itself a few times a second. */
class ProgressLineTest {

    @Test
    void durationsPrintAsSeconds() {
        assertEquals("10.03 s", Durations.seconds(Duration.ofMillis(10_030)));
        assertEquals("0.25 s", Durations.seconds(Duration.ofMillis(250)));
        assertEquals("754.2 s", Durations.seconds(Duration.ofMillis(754_200)));
        assertEquals("7,200 s", Durations.seconds(Duration.ofHours(2)));
    }

    @Test
    void theProgressLineRedrawsAtMostFourTimesASecondAndEndsEachPhaseWithANewline() {
        long[] now = {0};
        List<String> drawn = new java.util.ArrayList<>();
        ProgressLine line = new ProgressLine(drawn::add, () -> now[0]);
        line.update("joining", 0, 500);
        now[0] += 100_000_000;
        line.update("joining", 100, 500);
        now[0] += 200_000_000;
        line.update("joining", 250, 500);
        now[0] += 700_000_000;
        line.update("joining", 500, 500);
        assertEquals(List.of("\r\033[Kjoining: 0 % (0 of 500), 0.00 s", "\r\033[Kjoining: 50 % (250 of 500), 0.30 s",
                "\r\033[Kjoining: 100 % (500 of 500), 1.00 s" + System.lineSeparator()), drawn);
    }
}
