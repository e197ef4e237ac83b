package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import peerconnect.adapter.udp.InterfaceStatus.Change;

/** The rule that decides when the groups are re-joined, as a table. */
class InterfaceStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            // before (present/up/multicast/index)  now  expected
            "true/true/true/4,    true/true/true/4,    NONE",
            "true/true/true/4,    true/false/true/4,   LOST",
            "true/true/true/4,    false/false/false/-1, LOST",
            "true/true/true/4,    true/true/false/4,   LOST",
            "true/false/true/4,   true/true/true/4,    BACK",
            "false/false/false/-1, true/true/true/9,   BACK",
            "true/true/true/4,    true/true/true/9,    BACK",   // deleted and re-created between two polls
            "true/false/true/4,   true/false/true/4,   NONE",
            "false/false/false/-1, false/false/false/-1, NONE",
            "true/false/true/4,   false/false/false/-1, NONE",
    })
    void changes(String before, String now, Change expected) {
        assertEquals(expected, parse(before).changeTo(parse(now)));
    }

    @Test
    void anAddressAddedOrRemovedOnAUsableInterfaceIsAChangeAndOnADownOneIsNot() {
        InterfaceStatus one = new InterfaceStatus(true, true, true, 4, Set.of("10.0.0.2"));
        InterfaceStatus two = new InterfaceStatus(true, true, true, 4, Set.of("10.0.0.2", "10.0.0.12"));
        InterfaceStatus moved = new InterfaceStatus(true, true, true, 4, Set.of("10.0.0.12"));
        assertEquals(Change.ADDRESSES, one.changeTo(two));
        assertEquals(Change.ADDRESSES, two.changeTo(moved));
        assertEquals(Change.NONE, moved.changeTo(new InterfaceStatus(true, true, true, 4, Set.of("10.0.0.12"))));
        assertEquals(Change.BACK, new InterfaceStatus(true, false, true, 4, Set.of("10.0.0.2")).changeTo(moved),
                "coming back with a new address is one change: back");
        assertEquals(Change.NONE, new InterfaceStatus(true, false, true, 4, Set.of("10.0.0.2"))
                .changeTo(new InterfaceStatus(true, false, true, 4, Set.of("10.0.0.12"))));
    }

    private static InterfaceStatus parse(String s) {
        String[] p = s.split("/");
        return new InterfaceStatus(Boolean.parseBoolean(p[0]), Boolean.parseBoolean(p[1]), Boolean.parseBoolean(p[2]),
                Integer.parseInt(p[3]));
    }
}
