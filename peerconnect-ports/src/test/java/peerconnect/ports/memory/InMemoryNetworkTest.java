package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.MessageTooLargeException;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.TransportClosedException;

/** Example behaviour of the in-memory network under chosen conditions (faults: {@link NetworkFaultsTest}). */
class InMemoryNetworkTest {

    private static final Duration LATENCY = Duration.ofMillis(3);
    private static final NodeAddress GROUP = NodeAddress.parse("239.255.42.99:4000");

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(42, scheduler,
            NetworkConditions.perfect().withLatency(LATENCY, Duration.ZERO));
    private final DeliveryLog log = new DeliveryLog(scheduler);

    @Test
    void allocatesAddressesInOrderFromTheBenchmarkingRange() {
        assertEquals(NodeAddress.parse("198.18.0.1:4000"), network.endpoint().localAddress());
        assertEquals(NodeAddress.parse("198.18.0.2:4000"), network.endpoint().localAddress());
        network.endpoint(NodeAddress.parse("198.18.0.3:4000"));
        assertEquals(NodeAddress.parse("198.18.0.4:4000"), network.endpoint().localAddress(), "skips a taken address");
        for (int i = 0; i < 252; i++) {
            network.endpoint();
        }
        assertEquals(NodeAddress.parse("198.18.1.1:4000"), network.endpoint().localAddress());
        assertEquals(257, network.openEndpoints());
    }

    @Test
    void chosenAddressesMustBeFreeAndUnicast() {
        NodeAddress a = NodeAddress.parse("10.0.0.1:5000");
        InMemoryEndpoint first = network.endpoint(a);
        assertThrows(AddressInUseException.class, () -> network.endpoint(a));
        assertThrows(IllegalArgumentException.class, () -> network.endpoint(GROUP));
        assertThrows(IllegalArgumentException.class, () -> network.endpoint(InMemoryNetwork.broadcastAddress(4000)));
        assertThrows(IllegalArgumentException.class, () -> network.endpoint(NodeAddress.parse("0.0.0.0:4000")));
        first.close();
        assertEquals(a, network.endpoint(a).localAddress(), "a closed endpoint frees its address");
    }

    @Test
    void portZeroPicksTheLowestFreeEphemeralPort() {
        NodeAddress any = NodeAddress.parse("10.0.0.1:0");
        assertEquals(NodeAddress.parse("10.0.0.1:49152"), network.endpoint(any).localAddress());
        assertEquals(NodeAddress.parse("10.0.0.1:49153"), network.endpoint(any).localAddress());
        assertEquals(NodeAddress.parse("[fd00::1]:49152"), network.endpoint(NodeAddress.parse("[fd00::1]:0")).localAddress());
    }

    @Test
    void deliversACopyAfterTheLatencyInVirtualTime() {
        InMemoryEndpoint a = log.start(network.endpoint());
        InMemoryEndpoint b = log.start(network.endpoint());
        byte[] datagram = {1, 2, 3};

        a.send(b.localAddress(), datagram);
        datagram[0] = 99; // the sender may reuse its buffer at once

        scheduler.runFor(LATENCY.minusNanos(1));
        assertEquals(List.of(), log.entries());
        scheduler.runUntilIdle();
        assertEquals(1, log.entries().size());
        DeliveryLog.Entry e = log.entries().get(0);
        assertEquals(Instant.EPOCH.plus(LATENCY), e.at());
        assertEquals(a.localAddress(), e.from());
        assertEquals(b.localAddress(), e.to());
        assertArrayEquals(new byte[] {1, 2, 3}, e.bytes());
        assertEquals(new TrafficStats(1, 0, 0, 0, 0, 0), a.stats());
        assertEquals(new TrafficStats(0, 1, 0, 0, 0, 0), b.stats());
        assertEquals(new TrafficStats(1, 1, 0, 0, 0, 0), network.totals());
        assertEquals(0, network.inFlight());
    }

    @Test
    void jitterKeepsLatencyWithinBaseAndBasePlusJitter() {
        network.setConditions(NetworkConditions.perfect().withLatency(Duration.ofMillis(2), Duration.ofMillis(5)));
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = log.start(network.endpoint());
        for (int i = 0; i < 500; i++) {
            a.send(b.localAddress(), new byte[] {(byte) i});
        }
        scheduler.runUntilIdle();
        assertEquals(500, log.entries().size());
        Instant earliest = Instant.EPOCH.plusMillis(2);
        Instant latest = Instant.EPOCH.plusMillis(7);
        for (DeliveryLog.Entry e : log.entries()) {
            assertFalse(e.at().isBefore(earliest) || e.at().isAfter(latest), "arrived at " + e.at());
        }
        assertTrue(log.entries().stream().map(DeliveryLog.Entry::at).distinct().count() > 100,
                "jitter spreads arrivals");
    }

    @Test
    void withoutJitterDatagramsArriveInSendingOrder() {
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = log.start(network.endpoint());
        for (int i = 0; i < 100; i++) {
            a.send(b.localAddress(), new byte[] {(byte) i});
        }
        scheduler.runUntilIdle();
        for (int i = 0; i < 100; i++) {
            assertEquals((byte) i, log.entries().get(i).bytes()[0]);
        }
    }

    @Test
    void aPerfectNetworkDeliversAtTheSameInstantButNeverReentrantly() {
        network.setConditions(NetworkConditions.perfect());
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = log.start(network.endpoint());
        a.send(b.localAddress(), new byte[] {7});
        assertEquals(List.of(), log.entries(), "send only schedules the delivery");
        scheduler.runUntilIdle();
        assertEquals(Instant.EPOCH, log.entries().get(0).at());
    }

    @Test
    void anUnknownDestinationSilentlyLosesTheDatagram() {
        InMemoryEndpoint a = network.endpoint();
        a.send(NodeAddress.parse("198.19.9.9:4000"), new byte[] {1});
        scheduler.runUntilIdle();
        assertEquals(new TrafficStats(1, 0, 0, 0, 0, 1), a.stats());
        assertEquals(1, network.totals().undeliverable());
    }

    @Test
    void anEndpointReceivesOnlyOnceStarted() {
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = network.endpoint();
        a.send(b.localAddress(), new byte[] {1});
        scheduler.runUntilIdle();
        log.start(b);
        a.send(b.localAddress(), new byte[] {2});
        scheduler.runUntilIdle();
        assertEquals(1, log.entries().size());
        assertEquals(2, log.entries().get(0).bytes()[0]);
        assertEquals(1, a.stats().undeliverable());
        assertThrows(IllegalStateException.class, () -> b.start((from, d) -> { }));
    }

    @Test
    void multicastReachesEveryMemberIncludingTheSendersOwnEcho() {
        InMemoryEndpoint sender = log.start(network.endpoint());
        InMemoryEndpoint member1 = log.start(network.endpoint());
        InMemoryEndpoint member2 = log.start(network.endpoint());
        InMemoryEndpoint outsider = log.start(network.endpoint());
        sender.joinGroup(GROUP);
        member1.joinGroup(GROUP);
        member1.joinGroup(GROUP); // twice is harmless
        member2.joinGroup(GROUP);

        sender.send(GROUP, new byte[] {5});
        scheduler.runUntilIdle();

        assertEquals(List.of(sender.localAddress(), member1.localAddress(), member2.localAddress()),
                log.entries().stream().map(DeliveryLog.Entry::to).toList());
        assertTrue(log.entries().stream().allMatch(e -> e.from().equals(sender.localAddress())));
        assertNotSame(log.entries().get(0).bytes(), log.entries().get(1).bytes(), "each receiver owns its array");
        assertEquals(List.of(), log.to(outsider.localAddress()));
        assertEquals(new TrafficStats(1, 1, 0, 0, 0, 0), sender.stats());
        assertEquals(new TrafficStats(1, 3, 0, 0, 0, 0), network.totals());
    }

    @Test
    void aNonMemberMaySendToAGroupAndLeavingStopsDelivery() {
        InMemoryEndpoint outsider = network.endpoint();
        InMemoryEndpoint member = log.start(network.endpoint());
        member.joinGroup(GROUP);
        outsider.send(GROUP, new byte[] {1});
        scheduler.runUntilIdle();
        member.leaveGroup(GROUP);
        outsider.send(GROUP, new byte[] {2});
        scheduler.runUntilIdle();
        assertEquals(1, log.entries().size());
        assertEquals(1, outsider.stats().undeliverable(), "a group nobody joined delivers to nobody");
        assertThrows(IllegalArgumentException.class, () -> member.joinGroup(member.localAddress()));
    }

    @Test
    void broadcastReachesEveryStartedEndpointOnThatPortIncludingTheSender() {
        InMemoryEndpoint sender = log.start(network.endpoint());
        InMemoryEndpoint peer = log.start(network.endpoint());
        InMemoryEndpoint notStarted = network.endpoint();
        InMemoryEndpoint otherPort = log.start(network.endpoint(NodeAddress.parse("198.18.200.1:5000")));

        sender.send(InMemoryNetwork.broadcastAddress(InMemoryNetwork.DEFAULT_PORT), new byte[] {9});
        scheduler.runUntilIdle();

        assertEquals(List.of(sender.localAddress(), peer.localAddress()),
                log.entries().stream().map(DeliveryLog.Entry::to).toList());
        assertEquals(0, notStarted.stats().delivered());
        assertEquals(List.of(), log.to(otherPort.localAddress()));
    }

    @Test
    void aClosedEndpointRefusesUseAndLosesWhatWasInFlightToIt() {
        InMemoryEndpoint a = log.start(network.endpoint());
        InMemoryEndpoint b = log.start(network.endpoint());
        b.joinGroup(GROUP);
        a.send(b.localAddress(), new byte[] {1});
        b.close();
        b.close(); // idempotent

        scheduler.runUntilIdle();

        assertEquals(List.of(), log.entries());
        assertEquals(1, a.stats().undeliverable());
        assertTrue(b.isClosed());
        assertFalse(b.isReceiving());
        assertThrows(TransportClosedException.class, () -> b.send(a.localAddress(), new byte[] {1}));
        assertThrows(TransportClosedException.class, () -> b.joinGroup(GROUP));
        assertThrows(TransportClosedException.class, () -> b.start((from, d) -> { }));
        a.send(GROUP, new byte[] {2});
        scheduler.runUntilIdle();
        assertEquals(2, a.stats().undeliverable(), "a closed endpoint leaves its groups");
        assertTrue(network.find(b.localAddress()).isEmpty());
        assertEquals(1, network.openEndpoints());
    }

    @Test
    void datagramsStillInFlightFromAClosedSenderArrive() {
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = log.start(network.endpoint());
        a.send(b.localAddress(), new byte[] {1});
        a.close();
        scheduler.runUntilIdle();
        assertEquals(1, log.entries().size());
    }

    @Test
    void oversizedDatagramsAreRefused() {
        InMemoryEndpoint a = network.endpoint();
        byte[] tooBig = new byte[InMemoryNetwork.MAX_DATAGRAM_BYTES + 1];
        assertThrows(MessageTooLargeException.class, () -> a.send(a.localAddress(), tooBig));
        assertEquals(0, a.stats().sent());
    }

    @Test
    void partitionDropsTrafficBetweenIslandsUntilHealed() {
        InMemoryEndpoint a = log.start(network.endpoint());
        InMemoryEndpoint b = log.start(network.endpoint());
        InMemoryEndpoint c = log.start(network.endpoint());
        InMemoryEndpoint d = log.start(network.endpoint()); // named in no island: joins "the rest" with nobody else
        InMemoryEndpoint e = log.start(network.endpoint());

        network.partition(List.of(a.localAddress(), b.localAddress()), List.of(c.localAddress()));
        a.send(b.localAddress(), new byte[] {1});
        a.send(c.localAddress(), new byte[] {2});
        c.send(a.localAddress(), new byte[] {3});
        d.send(e.localAddress(), new byte[] {4});
        d.send(a.localAddress(), new byte[] {5});
        c.send(c.localAddress(), new byte[] {6});
        scheduler.runUntilIdle();

        assertEquals(List.of(b.localAddress(), e.localAddress(), c.localAddress()),
                log.entries().stream().map(DeliveryLog.Entry::to).toList());
        assertEquals(1, a.stats().lostToPartition());
        assertEquals(1, c.stats().lostToPartition());
        assertEquals(3, network.totals().lostToPartition());

        network.heal();
        a.send(c.localAddress(), new byte[] {7});
        scheduler.runUntilIdle();
        assertEquals(2, log.to(c.localAddress()).size(), "delivered after heal");
        assertThrows(IllegalArgumentException.class,
                () -> network.partition(List.of(a.localAddress()), List.of(a.localAddress(), b.localAddress())));
    }

    @Test
    void partitionAppliesToEachMulticastCopy() {
        InMemoryEndpoint a = log.start(network.endpoint());
        InMemoryEndpoint b = log.start(network.endpoint());
        InMemoryEndpoint c = log.start(network.endpoint());
        for (InMemoryEndpoint x : List.of(a, b, c)) {
            x.joinGroup(GROUP);
        }
        network.partition(List.of(a.localAddress(), b.localAddress()));
        a.send(GROUP, new byte[] {1});
        scheduler.runUntilIdle();
        assertEquals(List.of(a.localAddress(), b.localAddress()),
                log.entries().stream().map(DeliveryLog.Entry::to).toList());
        assertEquals(1, a.stats().lostToPartition());
    }

    @Test
    void anIsolatedEndpointHearsOnlyItselfUntilReconnected() {
        InMemoryEndpoint a = log.start(network.endpoint());
        InMemoryEndpoint b = log.start(network.endpoint());
        network.isolate(a.localAddress());
        a.send(b.localAddress(), new byte[] {1});
        b.send(a.localAddress(), new byte[] {2});
        a.send(a.localAddress(), new byte[] {3});
        scheduler.runUntilIdle();
        assertEquals(List.of(a.localAddress()), log.entries().stream().map(DeliveryLog.Entry::to).toList());
        assertEquals(2, network.totals().lostToPartition());

        network.reconnect(a.localAddress());
        a.send(b.localAddress(), new byte[] {4});
        scheduler.runUntilIdle();
        assertEquals(1, log.to(b.localAddress()).size());
    }

    @Test
    void conditionsCanChangeAtRuntime() {
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = log.start(network.endpoint());
        a.send(b.localAddress(), new byte[] {1});
        network.setConditions(network.conditions().withLoss(1.0));
        a.send(b.localAddress(), new byte[] {2});
        scheduler.runUntilIdle();
        assertEquals(1, log.entries().size(), "the datagram sent before the change still arrives");
        assertEquals(new TrafficStats(2, 0, 1, 0, 0, 0), a.stats());
    }
}
