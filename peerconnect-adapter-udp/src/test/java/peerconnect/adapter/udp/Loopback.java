package peerconnect.adapter.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import peerconnect.domain.NodeAddress;

/** Settings and helpers for tests that stay on loopback ({@code lo}: 127.0.0.1 and ::1). */
final class Loopback {
    static final InetAddress V4 = InetAddress.getLoopbackAddress();
    static final InetAddress V6 = ip("::1");
    /** How long a test waits for a datagram on loopback before it calls it lost: generous, never a speed target. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private Loopback() {
    }

    /** An endpoint on {@code ip} (an ephemeral port), on interface lo, joining {@code groups}. */
    static UdpEndpointConfig config(InetAddress ip, List<NodeAddress> groups) {
        return UdpEndpointConfig.defaults().withBind(ip, 0).withNetworkInterface("lo").withGroups(groups);
    }

    /** A UDP port free on loopback right now, for a test's own multicast group (so parallel runs do not meet). */
    static int freePort() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(V4, 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} holds or {@link #PATIENCE} runs out; returns whether it holds. */
    static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
