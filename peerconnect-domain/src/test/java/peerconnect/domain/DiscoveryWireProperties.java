package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class DiscoveryWireProperties {
    @Test
    void bodiesByExample() {
        assertEquals("040a000102" + "0fa0", HexFormat.of().formatHex(DiscoveryWire.encode(NodeAddress.parse("10.0.1.2:4000"))));
        assertEquals("06" + "00".repeat(15) + "01" + "ffff",
                HexFormat.of().formatHex(DiscoveryWire.encode(NodeAddress.parse("[::1]:65535"))));
    }

    @Test
    void everyAddressRoundTrips() {
        qt().withFixedSeed(21).withExamples(2_000)
                .forAll(DomainGens.bytes(4, 4),
                        DomainGens.bytes(16, 16),
                        SourceDSL.integers().between(0, 0xffff))
                .checkAssert((v4, v6, port) -> {
                    for (byte[] ip : new byte[][] {v4, v6}) {
                        NodeAddress address = NodeAddress.of(ip, port);
                        assertEquals(Optional.of(address), DiscoveryWire.decode(DiscoveryWire.encode(address)));
                    }
                });
    }

    @Test
    void anIpv4MappedAddressSentAsIpv6IsRefused() {
        byte[] body = HexFormat.of().parseHex("06" + "00".repeat(10) + "ffff" + "0a000102" + "0fa0");
        assertEquals(Optional.empty(), DiscoveryWire.decode(body));
    }

    @Test
    void anyOtherBodyIsRefusedWithoutAnException() {
        qt().withFixedSeed(22).withExamples(5_000)
                .forAll(DomainGens.bytes(0, 40))
                .checkAssert(body -> {
                    Optional<NodeAddress> decoded = DiscoveryWire.decode(body);
                    // Whatever is accepted is the one encoding of what it decodes to.
                    decoded.ifPresent(a -> assertTrue(Arrays.equals(body, DiscoveryWire.encode(a))));
                    boolean shaped = body.length == 7 && body[0] == 4 || body.length == 19 && body[0] == 6;
                    if (!shaped) {
                        assertEquals(Optional.empty(), decoded, HexFormat.of().formatHex(body));
                    }
                });
    }
}
