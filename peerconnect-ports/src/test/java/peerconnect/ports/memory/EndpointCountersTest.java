package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.domain.CounterSink;

/** An in-memory endpoint reports its traffic through the one counter interface, under {@code memory.*}. */
class EndpointCountersTest {
    @Test
    void anEndpointReportsWhatItSentDeliveredAndLost() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(3, scheduler, NetworkConditions.perfect());
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = network.endpoint();
        b.start((from, datagram) -> { });
        a.send(b.localAddress(), new byte[] {1});
        a.send(b.localAddress(), new byte[] {2});
        scheduler.runUntilIdle();

        Map<String, Long> counters = CounterSink.collect(List.of(a));
        assertEquals(Map.of("memory.sent", 2L, "memory.delivered", a.stats().delivered(), "memory.lost", 0L), counters);
        assertEquals(List.of(), a.groups(), "an in-memory endpoint does not list its groups in a status");
    }
}
