package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.udp.InterfaceChooser.Facts;

/** The automatic interface choice, on hand-made interface lists. */
class InterfaceChooserTest {
    private static final Facts LO = new Facts("lo", 1, true, false, true, false, false, true);
    private static final Facts ETH0 = new Facts("eth0", 2, true, true, false, false, false, true);
    private static final Facts WLAN0 = new Facts("wlan0", 3, true, true, false, false, false, true);
    private static final Facts TUN0 = new Facts("tun0", 4, true, true, false, true, false, true);
    private static final Facts DOWN = new Facts("eth1", 0, false, true, false, false, false, true);
    private static final Facts NO_ADDRESS = new Facts("eth2", 0, true, true, false, false, false, false);
    private static final Facts ALIAS = new Facts("eth0:1", 0, true, true, false, false, true, true);
    private static final Facts NO_MULTICAST = new Facts("ifb0", 0, true, false, false, false, false, true);

    @Test
    void theLowestIndexUsableInterfaceWins() {
        assertEquals(Optional.of(ETH0), InterfaceChooser.automatic(List.of(WLAN0, LO, TUN0, ETH0)));
    }

    @Test
    void loopbackTunnelsDownAddresslessAliasAndNonMulticastInterfacesAreNeverChosen() {
        assertEquals(Optional.empty(),
                InterfaceChooser.automatic(List.of(LO, TUN0, DOWN, NO_ADDRESS, ALIAS, NO_MULTICAST)));
        assertEquals(Optional.of(WLAN0),
                InterfaceChooser.automatic(List.of(LO, TUN0, DOWN, NO_ADDRESS, ALIAS, NO_MULTICAST, WLAN0)));
    }
}
