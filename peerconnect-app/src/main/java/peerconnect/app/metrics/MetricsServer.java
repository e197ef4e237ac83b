package peerconnect.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.CounterSource;

/**
 * Serves {@code GET /metrics} in the Prometheus text format from the JDK's own HTTP server: one
 * worker thread and a queue of {@value #QUEUE} scrapes (a scraper asks every few seconds; a burst
 * beyond that is answered on the accepting thread, which slows the burst down instead of growing
 * threads). Anything but {@code /metrics} gets 404, anything but GET or HEAD 405. Each scrape reads
 * the counters fresh; reading never blocks the node.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int QUEUE = 8;

    private final HttpServer server;
    private final ThreadPoolExecutor worker;
    private final AtomicLong scrapes = new AtomicLong();

    private MetricsServer(HttpServer server, ThreadPoolExecutor worker) {
        this.server = server;
        this.worker = worker;
    }

    /**
     * Listens on {@code address} and serves the metrics of {@code source}.
     *
     * @param info   labels of {@code peerconnect_node_info} (peer id, name, version), read per scrape
     * @throws MetricsException in one sentence if the address cannot be bound (in use, not local)
     */
    public static MetricsServer start(InetSocketAddress address, Supplier<Map<String, String>> info,
                                      CounterSource source) {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(source, "source");
        HttpServer server;
        try {
            server = HttpServer.create(address, QUEUE);
        } catch (IOException e) {
            throw new MetricsException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "peerconnect-metrics-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        MetricsServer metrics = new MetricsServer(server, worker);
        server.setExecutor(worker);
        server.createContext("/", exchange -> metrics.handle(exchange, info, source));
        server.start();
        LOG.info("metrics served at http://{}/metrics", hostPort(server.getAddress()));
        return metrics;
    }

    /** The address it listens on (with the port the system chose, if 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** How many scrapes were answered. */
    public long scrapes() {
        return scrapes.get();
    }

    private void handle(HttpExchange exchange, Supplier<Map<String, String>> info, CounterSource source)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                reply(exchange, 404, "not found: the metrics are at /metrics\n", method);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "only GET and HEAD\n", method);
                return;
            }
            String body;
            try {
                body = PrometheusText.render(info.get(), source);
            } catch (RuntimeException e) {
                LOG.warn("metrics scrape from {} failed: {}", exchange.getRemoteAddress(), e.toString());
                reply(exchange, 500, "the node's counters could not be read\n", method);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            scrapes.incrementAndGet();
            reply(exchange, 200, body, method);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body, String method) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (status != 200) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops listening, lets a scrape under way finish for up to a second, and ends the worker. */
    @Override
    public void close() {
        server.stop(1);
        worker.shutdownNow();
        LOG.info("metrics server at {} stopped after {} scrapes", hostPort(server.getAddress()), scrapes.get());
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
