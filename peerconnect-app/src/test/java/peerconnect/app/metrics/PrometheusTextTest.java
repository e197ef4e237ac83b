package peerconnect.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.domain.LatencyHistogram;

/** One scrape's text: HELP and TYPE per family, counters with _total, histograms cumulative, labels escaped. */
class PrometheusTextTest {
    @Test
    void countersGaugesAndHistogramsAreWrittenInTheExpositionFormat() {
        LatencyHistogram h = LatencyHistogram.withBounds(List.of(Duration.ofNanos(250_000), Duration.ofMillis(5)));
        h.record(100_000);
        h.record(3_000_000);
        h.record(7_000_000_000L);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("peer_id", "ab12");
        info.put("name", "say \"hi\"\\now\n");
        String text = PrometheusText.render(info, sink -> {
            sink.counter("kademlia.rpcFailures", 3);
            sink.gauge("kademlia.routingTableSize", 20);
            sink.histogram("dispatcher.roundTrip", h.snapshot());
        });
        assertEquals("""
                # HELP peerconnect_node_info Which node this is; always 1.
                # TYPE peerconnect_node_info gauge
                peerconnect_node_info{peer_id="ab12",name="say \\"hi\\"\\\\now\\n"} 1
                # HELP peerconnect_kademlia_rpc_failures_total PeerConnect counter kademlia.rpcFailures.
                # TYPE peerconnect_kademlia_rpc_failures_total counter
                peerconnect_kademlia_rpc_failures_total 3
                # HELP peerconnect_kademlia_routing_table_size PeerConnect level kademlia.routingTableSize.
                # TYPE peerconnect_kademlia_routing_table_size gauge
                peerconnect_kademlia_routing_table_size 20
                # HELP peerconnect_dispatcher_round_trip_seconds PeerConnect durations dispatcher.roundTrip, in seconds.
                # TYPE peerconnect_dispatcher_round_trip_seconds histogram
                peerconnect_dispatcher_round_trip_seconds_bucket{le="0.00025"} 1
                peerconnect_dispatcher_round_trip_seconds_bucket{le="0.005"} 2
                peerconnect_dispatcher_round_trip_seconds_bucket{le="+Inf"} 3
                peerconnect_dispatcher_round_trip_seconds_sum 7.0031
                peerconnect_dispatcher_round_trip_seconds_count 3
                # HELP peerconnect_metrics_name_collisions Counters left out of this scrape because another one has the same metric name.
                # TYPE peerconnect_metrics_name_collisions gauge
                peerconnect_metrics_name_collisions 0
                """, text);
    }

    @Test
    void aSecondCounterWithTheSameMetricNameIsLeftOutAndCounted() {
        String text = PrometheusText.render(Map.of(), sink -> {
            sink.counter("a.fooBar", 1);
            sink.counter("a.foo_bar", 2);
        });
        assertTrue(text.contains("peerconnect_a_foo_bar_total 1\n"), text);
        assertTrue(!text.contains("peerconnect_a_foo_bar_total 2"), text);
        assertTrue(text.contains("peerconnect_metrics_name_collisions 1\n"), text);
    }

    @Test
    void secondsArePlainDecimals() {
        assertEquals("0.00025", PrometheusText.seconds(Duration.ofNanos(250_000)));
        assertEquals("5", PrometheusText.seconds(Duration.ofSeconds(5)));
        assertEquals("0", PrometheusText.seconds(Duration.ZERO));
        assertEquals("2.5", PrometheusText.seconds(Duration.ofMillis(2500)));
    }
}
