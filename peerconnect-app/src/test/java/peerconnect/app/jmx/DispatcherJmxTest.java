package peerconnect.app.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.DropReason;
import peerconnect.domain.PeerId;

class DispatcherJmxTest {
    private final PeerId id = PeerId.random(new SplittableRandom(5));
    private final AtomicLong received = new AtomicLong();

    @Test
    void aJmxClientReadsTheLiveCountersUntilTheNodeWithdrawsThem() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = DispatcherJmx.objectName(id);
        try (JmxRegistration bean = DispatcherJmx.register(id, sink -> stats().reportCounters(sink))) {
            received.set(41);
            assertEquals(41L, server.getAttribute(name, "Received"));
            received.set(42);
            assertEquals(42L, server.getAttribute(name, "Received"));
            assertEquals(5L, server.getAttribute(name, "DroppedTotal"));
            TabularData byReason = (TabularData) server.getAttribute(name, "DroppedByReason");
            CompositeData shed = byReason.get(new Object[] {"SHED"});
            assertEquals(3L, shed.get("value"));
            assertEquals(2, byReason.size());
            assertThrows(IllegalStateException.class, () -> DispatcherJmx.register(id, sink -> stats().reportCounters(sink)));
            bean.close();
            bean.close();
            assertFalse(server.isRegistered(name));
        }
        assertFalse(server.isRegistered(name));
    }

    @Test
    void theNameCarriesTheNodeIdSoNodesInOneProcessStayApart() throws Exception {
        ObjectName name = DispatcherJmx.objectName(id);
        assertEquals("org.peerconnect", name.getDomain());
        assertEquals(id.toHex(), name.getKeyProperty("node"));
        assertTrue(name.toString().contains("type=Dispatcher"));
    }

    private DispatcherStats stats() {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        dropped.put(DropReason.SHED, 3L);
        dropped.put(DropReason.MALFORMED, 2L);
        return new DispatcherStats(received.get(), 0, 0, 0, dropped, 0, 0, 0, 0, 0, 0, 0);
    }
}
