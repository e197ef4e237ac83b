package peerconnect.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Dotted camel-case counter names become valid, readable Prometheus names. */
class MetricNamesTest {
    @Test
    void dottedCamelCaseNamesBecomeSnakeCaseUnderThePrefix() {
        String[][] table = {
            {"kademlia.rpcFailures", "peerconnect_kademlia_rpc_failures"},
            {"gossip.rejected.BAD_TEXT", "peerconnect_gossip_rejected_bad_text"},
            {"dispatcher.dropped.SHED", "peerconnect_dispatcher_dropped_shed"},
            {"udp.received", "peerconnect_udp_received"},
            {"seal.openedV2", "peerconnect_seal_opened_v2"},
            {"x.ipv6Sent", "peerconnect_x_ipv6_sent"},
            {"weird name-with.dots..", "peerconnect_weird_name_with_dots"},
        };
        for (String[] row : table) {
            assertEquals(row[1], MetricNames.base(row[0]), row[0]);
            assertTrue(MetricNames.counter(row[0]).matches("[a-zA-Z_:][a-zA-Z0-9_:]*_total"), row[0]);
        }
        assertEquals("peerconnect_kademlia_lookup_duration_seconds", MetricNames.histogram("kademlia.lookupDuration"));
        assertEquals("peerconnect_kademlia_routing_table_size", MetricNames.gauge("kademlia.routingTableSize"));
    }
}
