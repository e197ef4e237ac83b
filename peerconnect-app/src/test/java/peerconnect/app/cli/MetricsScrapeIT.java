package peerconnect.app.cli;

import peerconnect.app.metrics.PrometheusScrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics} on the jlink image: two {@code bin/peerconnect run --no-console} processes on
 * loopback, the second joining through the first; the second one's endpoint is scraped over HTTP until
 * its histograms show the round trips and lookups of that join, and the scrape is read strictly.
 */
class MetricsScrapeIT {
    private static final Path IMAGE = Path.of("target", "peerconnect", "bin", "peerconnect").toAbsolutePath();
    private static final Pattern SERVED = Pattern.compile("metrics at (http://\\S+/metrics)");

    @TempDir
    Path data;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theImageServesEveryCounterAndTheHistogramsOfARealJoin() throws Exception {
        if (!Files.isExecutable(IMAGE)) {
            System.out.println("skipped: no runtime image at " + IMAGE + " (built by package)");
        }
        Assumptions.assumeTrue(Files.isExecutable(IMAGE), "no runtime image at " + IMAGE);
        try (JmxFromAnotherProcessIT.ImageNode first = JmxFromAnotherProcessIT.ImageNode.start(data.resolve("a"), "")) {
            String address = first.output.stream().map(l -> l.replaceFirst("^peerconnect node \\S+ at (\\S+).*$", "$1"))
                    .filter(l -> l.startsWith("127.0.0.1:")).findFirst().orElseThrow();
            try (JmxFromAnotherProcessIT.ImageNode second = JmxFromAnotherProcessIT.ImageNode.start(
                    data.resolve("b"), "", "--peer", address, "--metrics", "127.0.0.1:0")) {
                String url = served(second.output).orElseThrow(() -> new AssertionError("no metrics line: "
                        + second.output));
                PrometheusScrape scrape = PrometheusScrape.get(url);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (scrape.value("peerconnect_kademlia_lookup_duration_seconds_count") == 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    scrape = PrometheusScrape.get(url);
                }
                assertEquals(1.0, scrape.value("peerconnect_kademlia_routing_table_size"), scrape.text());
                assertTrue(scrape.value("peerconnect_udp_received_total") > 0, scrape.text());
                assertTrue(scrape.value("peerconnect_dispatcher_round_trip_seconds_count") > 0, scrape.text());
                assertTrue(scrape.value("peerconnect_kademlia_lookup_duration_seconds_count") > 0, scrape.text());
                assertTrue(scrape.samples().keySet().stream().anyMatch(
                        k -> k.startsWith("peerconnect_node_info{peer_id=\"" + second.id + "\"")), scrape.text());
                for (String line : scrape.text().split("\n")) {
                    if (line.startsWith("peerconnect_dispatcher_round_trip_seconds")
                            || line.startsWith("peerconnect_kademlia_lookup_duration_seconds_count")
                            || line.startsWith("peerconnect_udp_received_total")) {
                        System.out.println("metrics-it: " + line);
                    }
                }
                System.out.println("metrics-it: " + scrape.types().size() + " metric families in one scrape");
            }
        }
    }

    private static Optional<String> served(List<String> output) {
        synchronized (output) {
            for (String line : output) {
                Matcher m = SERVED.matcher(line);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }
}
