package peerconnect.app.settings;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.udp.UdpEndpointException;

/** The ports {@code run} tries: the one set, else the last one used or the default, then any free one. */
class PortChoiceTest {

    @Test
    void aPortThatWasSetIsTheOnlyOneTried() {
        assertEquals(List.of(4000), PortChoice.attempts(true, 4000, OptionalInt.of(5000)));
        assertEquals(List.of(0), PortChoice.attempts(true, 0, OptionalInt.empty()));
    }

    @Test
    void otherwiseTheLastPortComesFirstThenTheDefaultThenAnyFreePort() {
        assertEquals(List.of(5000, 0), PortChoice.attempts(false, 0, OptionalInt.of(5000)));
        assertEquals(List.of(PortChoice.DEFAULT_PORT, 0), PortChoice.attempts(false, 0, OptionalInt.empty()));
    }

    @Test
    void onlyAPortInUseLetsTheNextAttemptFollow() {
        assertTrue(PortChoice.portTaken(new RuntimeException("the node could not start (endpoint)",
                new UdpEndpointException("UDP port 1 is in use", new BindException("Address already in use")))));
        assertFalse(PortChoice.portTaken(new RuntimeException("the node could not start (endpoint)",
                new UdpEndpointException("no such interface", new BindException("Cannot assign requested address")))));
        assertFalse(PortChoice.portTaken(new IllegalStateException("in use")));
    }
}
