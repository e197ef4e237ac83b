package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAddressTest {
    @Test
    void onlyAddressesOfOneNodeWithAPortAreUnicast() {
        Map<String, Boolean> table = Map.ofEntries(
                Map.entry("10.0.0.1:4000", true),
                Map.entry("127.0.0.1:1", true),
                Map.entry("198.18.0.255:4000", true), // the last address of a /24 may be a host: masks are unknown
                Map.entry("[fe80::1]:4000", true),
                Map.entry("[2001:db8::1]:65535", true),
                Map.entry("10.0.0.1:0", false),
                Map.entry("0.0.0.0:4000", false),
                Map.entry("255.255.255.255:4000", false),
                Map.entry("224.0.0.1:4000", false),
                Map.entry("239.192.80.67:19777", false),
                Map.entry("[::]:4000", false),
                Map.entry("[ff02::1]:4000", false),
                Map.entry("[::1]:0", false));
        table.forEach((text, unicast) -> assertEquals(unicast, NodeAddress.parse(text).isUnicast(), text));
    }
}
