package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.domain.MessageTooLargeException;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.DatagramReceiver;
import peerconnect.ports.TransportClosedException;

/** Opening, starting, failing and closing an endpoint: each ends in a clear state or a clear error. */
class EndpointLifecycleTest {
    private final RealTimeScheduler scheduler = new RealTimeScheduler();
    private final List<UdpTransport> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(UdpTransport::close);
        scheduler.close();
    }

    private UdpEndpoint open(UdpEndpointConfig config) {
        UdpTransport t = UdpTransports.create(config, scheduler);
        opened.add(t);
        return (UdpEndpoint) t;
    }

    @Test
    void closeIsIdempotentStopsEveryReceiveThreadAndLaterUseFailsClearly() throws Exception {
        int port = Loopback.freePort();
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V4,
                List.of(new NodeAddress(InetAddress.getByName("239.192.80.67"), port))));
        endpoint.start((from, datagram) -> { });
        List<Thread> threads = endpoint.receiveThreads();
        assertEquals(2, threads.size(), "one for the unicast socket, one for the group");
        assertTrue(threads.stream().allMatch(Thread::isAlive));

        endpoint.close();
        endpoint.close();

        for (Thread t : threads) {
            t.join(Loopback.PATIENCE);
        }
        NodeAddress somewhere = new NodeAddress(Loopback.V4, 9);
        assertAll(
                () -> assertTrue(threads.stream().noneMatch(Thread::isAlive), "a receive thread outlived close"),
                () -> assertThrows(TransportClosedException.class, () -> endpoint.send(somewhere, new byte[1])),
                () -> assertThrows(TransportClosedException.class, () -> endpoint.start((f, d) -> { })),
                () -> assertThrows(TransportClosedException.class,
                        () -> endpoint.joinGroup(new NodeAddress(InetAddress.getByName("239.1.2.3"), port))));
    }

    @Test
    void startingTwiceIsRefused() {
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V4, List.of()));
        endpoint.start((from, datagram) -> { });
        assertThrows(IllegalStateException.class, () -> endpoint.start((from, datagram) -> { }));
    }

    @Test
    void aPortInUseIsATypedErrorInOneSentence() throws Exception {
        UdpEndpoint first = open(Loopback.config(Loopback.V4, List.of()));
        UdpEndpointConfig same = Loopback.config(Loopback.V4, List.of()).withBind(Loopback.V4, first.localAddress().port());
        UdpEndpointException e = assertThrows(UdpEndpointException.class, () -> open(same));
        assertEquals("UDP port " + first.localAddress().port() + " on 127.0.0.1 is already in use", e.getMessage());
    }

    @Test
    void anUnknownInterfaceIsATypedError() {
        UdpEndpointConfig config = Loopback.config(Loopback.V4, List.of()).withNetworkInterface("no-such-nic0");
        UdpEndpointException e = assertThrows(UdpEndpointException.class, () -> open(config));
        assertTrue(e.getMessage().startsWith("no network interface 'no-such-nic0' on this host; there are: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("lo"), e.getMessage());
    }

    @Test
    void aBindAddressNotOnThisHostIsATypedError() throws Exception {
        UdpEndpointConfig config = UdpEndpointConfig.defaults().withGroups(List.of())
                .withBind(InetAddress.getByName("192.0.2.254"), 0);
        UdpEndpointException e = assertThrows(UdpEndpointException.class, () -> open(config));
        assertTrue(e.getMessage().contains("192.0.2.254"), e.getMessage());
    }

    @Test
    void anInterfaceCanBeNamedByItsAddress() {
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V4, List.of()).withNetworkInterface("127.0.0.1"));
        assertEquals("lo", endpoint.networkInterface().getName());
    }

    @Test
    void sendingMoreThanTheMaximumIsRefusedAndSendingIpv6FromIpv4IsAClearError() throws Exception {
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V4, List.of()));
        NodeAddress peer = new NodeAddress(Loopback.V4, 9);
        assertThrows(MessageTooLargeException.class, () -> endpoint.send(peer, new byte[1233]));
        assertDoesNotThrow(() -> endpoint.send(peer, new byte[1232]));
        assertThrows(IllegalArgumentException.class, () -> endpoint.send(new NodeAddress(Loopback.V6, 9), new byte[1]));
    }

    @Test
    void aSendTheKernelRefusesIsCountedNotThrown() throws Exception {
        // IPv6 multicast on lo has no route in the root namespace: the kernel says "network unreachable".
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V6, List.of()));
        endpoint.send(new NodeAddress(InetAddress.getByName("ff0e::5043"), 9), new byte[1]);
        assertEquals(1, endpoint.stats().sendErrors() + endpoint.stats().sent());
    }

    @Test
    void anIcmpPortUnreachableIsSurvivedOnTheUnconnectedSocket() throws Exception {
        // Sending to a closed port makes the kernel answer with ICMP port unreachable. Linux reports it
        // to connected sockets only, and the JDK retries the read on an unconnected one: the endpoint
        // must neither count a receive error nor stop receiving.
        int closedPort = Loopback.freePort();
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V4, List.of()));
        AtomicInteger received = new AtomicInteger();
        endpoint.start((from, datagram) -> received.incrementAndGet());
        for (int i = 0; i < 5; i++) {
            endpoint.send(new NodeAddress(Loopback.V4, closedPort), new byte[] {1});
        }
        try (DatagramChannel raw = DatagramChannel.open()) {
            raw.send(ByteBuffer.wrap(new byte[] {1}), endpoint.localAddress().toSocketAddress());
        }
        assertTrue(Loopback.await(() -> received.get() == 1));
        assertEquals(5, endpoint.stats().sent() + endpoint.stats().sendErrors());
        assertEquals(0, endpoint.stats().receiveErrors());
        assertTrue(endpoint.receiveThreads().stream().allMatch(Thread::isAlive));
    }

    @Test
    void aFailingReceiverDoesNotStopTheLoop() throws Exception {
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V4, List.of()));
        AtomicInteger calls = new AtomicInteger();
        endpoint.start(new DatagramReceiver() {
            @Override
            public void onDatagram(NodeAddress from, byte[] datagram) {
                calls.incrementAndGet();
                throw new IllegalStateException("receiver bug");
            }
        });
        try (DatagramChannel raw = DatagramChannel.open()) {
            raw.bind(new InetSocketAddress(Loopback.V4, 0));
            for (int i = 0; i < 3; i++) {
                raw.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), endpoint.localAddress().toSocketAddress());
            }
        }
        assertTrue(Loopback.await(() -> calls.get() == 3), "calls: " + calls.get());
        assertTrue(endpoint.receiveThreads().stream().allMatch(Thread::isAlive));
    }

    @Test
    void closingFromTheReceiveThreadItselfDoesNotHang() throws Exception {
        UdpEndpoint endpoint = open(Loopback.config(Loopback.V4, List.of()));
        endpoint.start((from, datagram) -> endpoint.close());
        try (DatagramChannel raw = DatagramChannel.open()) {
            raw.send(ByteBuffer.wrap(new byte[] {1}), endpoint.localAddress().toSocketAddress());
        }
        assertTrue(Loopback.await(() -> endpoint.receiveThreads().stream().noneMatch(Thread::isAlive)));
        assertFalse(endpoint.receiveThreads().isEmpty());
    }
}
