package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-OS socket choices, as a table. */
class SocketPlatformTest {

    @ParameterizedTest
    @CsvSource({"Linux, LINUX", "Windows 11, WINDOWS", "Mac OS X, BSD", "FreeBSD, BSD", "OpenBSD, BSD",
            "SunOS, OTHER"})
    void osNames(String osName, SocketPlatform expected) {
        assertEquals(expected, SocketPlatform.of(osName));
    }

    @ParameterizedTest
    @CsvSource({
            // platform, group, broadcast, bind address
            "LINUX,   239.192.80.67, true,  0.0.0.0",
            "LINUX,   239.192.80.67, false, 239.192.80.67",
            "LINUX,   ff05::5043,    true,  ff05::5043",
            "BSD,     239.192.80.67, false, 239.192.80.67",
            "WINDOWS, 239.192.80.67, false, 0.0.0.0",
            "WINDOWS, ff05::5043,    false, ::",
            "OTHER,   ff05::5043,    false, ::",
    })
    void groupBindAddresses(SocketPlatform platform, String group, boolean broadcast, String expected)
            throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        assertEquals(InetAddress.getByName(expected),
                platform.groupBindAddress(InetAddress.getByName(group), lo, broadcast));
    }

    @Test
    void aLinkLocalIpv6GroupIsBoundWithTheInterfaceAsScope() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        Inet6Address bound = (Inet6Address) SocketPlatform.LINUX.groupBindAddress(
                InetAddress.getByName("ff02::5043"), lo, true);
        assertEquals(lo, bound.getScopedInterface());
    }
}
