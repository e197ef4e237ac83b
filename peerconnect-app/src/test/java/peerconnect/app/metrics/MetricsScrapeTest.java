package peerconnect.app.metrics;

import peerconnect.app.node.InMemoryNodes;
import peerconnect.app.node.PeerNode;
import peerconnect.app.node.StatusReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.app.metrics.MetricsServer;
import peerconnect.domain.CounterSink;

/**
 * A running node's metrics endpoint, scraped over HTTP on loopback and read strictly: every counter
 * {@code status} shows is there under its Prometheus name, the levels as gauges, and the round-trip
 * and lookup-duration histograms with the replies and lookups the node has made.
 */
class MetricsScrapeTest {
    @TempDir
    Path dir;

    @Test
    void aScrapeHasEveryStatusCounterAndTheRoundTripAndLookupHistograms() throws Exception {
        try (InMemoryNodes nodes = new InMemoryNodes(37, dir)) {
            List<PeerNode> three = nodes.startMany("m", 3);
            nodes.run(Duration.ofSeconds(20));
            PeerNode node = three.get(0);
            try (MetricsServer server = MetricsServer.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    () -> Map.of("peer_id", node.self().contact().id().toHex()), node::reportMetrics)) {
                String url = "http://127.0.0.1:" + server.address().getPort() + "/metrics";
                PrometheusScrape scrape = PrometheusScrape.get(url);

                // Every name status shows (dispatcher and the other counters).
                StatusReport status = node.status();
                Map<String, Long> shown = new LinkedHashMap<>(CounterSink.collect(List.of(status.dispatcher())));
                shown.putAll(status.counters());
                for (String name : shown.keySet()) {
                    String base = "peerconnect_" + snake(name);
                    assertTrue(scrape.types().containsKey(base + "_total") || scrape.types().containsKey(base),
                            name + " (as " + base + ") missing from the scrape:\n" + scrape.text());
                }
                assertEquals("gauge", scrape.types().get("peerconnect_kademlia_routing_table_size"));
                assertEquals(2.0, scrape.value("peerconnect_kademlia_routing_table_size"));
                assertTrue(scrape.value("peerconnect_dispatcher_received_total") > 0, scrape.text());
                assertEquals("gauge", scrape.types().get("peerconnect_dispatcher_pending_replies"));
                assertEquals(0.0, scrape.value("peerconnect_metrics_name_collisions"));
                assertEquals(1.0, scrape.samples().get("peerconnect_node_info{peer_id=\""
                        + node.self().contact().id().toHex() + "\"}"));

                for (String histogram : Set.of("peerconnect_dispatcher_round_trip_seconds",
                        "peerconnect_kademlia_lookup_duration_seconds")) {
                    assertEquals("histogram", scrape.types().get(histogram));
                    assertTrue(scrape.value(histogram + "_count") > 0, histogram + " has samples:\n" + scrape.text());
                    assertTrue(scrape.value(histogram + "_sum") > 0, histogram + " has a positive sum");
                }
                assertEquals((double) status.dispatcher().repliesMatched(),
                        scrape.value("peerconnect_dispatcher_round_trip_seconds_count"),
                        "one round trip per matched reply (the virtual clock stood still since status)");

                assertEquals(404, status(url.replace("/metrics", "/other"), "GET"));
                assertEquals(405, status(url, "POST"));
                assertEquals(200, status(url, "HEAD"));
                assertEquals(2, server.scrapes());
            }
        }
    }

    private static int status(String url, String method) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    /** The naming rule, restated independently of MetricNames: camel humps and dots become underscores. */
    private static String snake(String dotted) {
        return dotted.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("_+$", "").toLowerCase(java.util.Locale.ROOT);
    }
}
