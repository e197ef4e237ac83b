package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import peerconnect.domain.NodeAddress;

class UdpEndpointConfigTest {
    private static final UdpEndpointConfig D = UdpEndpointConfig.defaults();

    @Test
    void defaultsAreWhatTheDocumentationSays() throws Exception {
        assertAll(
                () -> assertTrue(D.bindAddress().isAnyLocalAddress()),
                () -> assertEquals(0, D.port()),
                () -> assertEquals("", D.networkInterface()),
                () -> assertEquals(List.of(NodeAddress.parse("239.192.80.67:19777"), NodeAddress.parse("[ff02::5043]:19777")),
                        D.groups()),
                () -> assertEquals(1, D.multicastHops()),
                () -> assertTrue(D.multicastLoopback()),
                () -> assertTrue(D.broadcast()),
                () -> assertEquals(1232, D.maxDatagramBytes()),
                () -> assertEquals(Duration.ofSeconds(5), D.interfacePollInterval()));
    }

    static Stream<Arguments> badValues() throws Exception {
        InetAddress group = InetAddress.getByName("239.1.1.1");
        return Stream.of(
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withBind(group, 0), "bindAddress must be a unicast"),
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withBind(D.bindAddress(), 70000), "port must be in"),
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withGroups(List.of(NodeAddress.parse("10.0.0.1:5"))),
                        "is not a multicast address"),
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withGroups(List.of(NodeAddress.parse("239.1.1.1:0"))),
                        "needs a port other than 0"),
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withBuffers(0, 1), "socket buffer sizes must be positive"),
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withMaxDatagramBytes(33), "maxDatagramBytes must be in"),
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withMaxDatagramBytes(65_508), "maxDatagramBytes must be in"),
                Arguments.of((Supplier<UdpEndpointConfig>) () -> D.withInterfacePollInterval(Duration.ZERO),
                        "interfacePollInterval must be positive"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValuesAreRefusedWithTheirReason(Supplier<UdpEndpointConfig> make, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().startsWith(reason) || e.getMessage().contains(reason), e.getMessage());
    }
}
