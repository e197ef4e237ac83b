package peerconnect.app.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.HistogramSnapshot;

/**
 * One scrape in the Prometheus text exposition format (version 0.0.4): every counter, gauge and
 * histogram a {@link CounterSource} reports, each with its {@code # HELP} (naming the node's own
 * dotted name, so an operator finds it in {@code status}) and {@code # TYPE} lines; histograms as
 * cumulative {@code _bucket{le="..."}} lines up to {@code +Inf}, then {@code _sum} (seconds) and
 * {@code _count}. Pure: the text depends only on what was reported.
 *
 * <p>Two dotted names that map to one metric name (which the node's sources do not make) keep the
 * first; the later one is counted in {@code peerconnect_metrics_name_collisions}, not dropped unseen.
 */
final class PrometheusText implements CounterSink {
    private final StringBuilder text = new StringBuilder(8192);
    private final Map<String, String> seen = new LinkedHashMap<>();
    private int collisions;

    private PrometheusText() {
    }

    /**
     * Renders one scrape: the info line (a gauge of 1 whose labels say which node this is), then every
     * metric of {@code source} in the order it reports them.
     *
     * @param info labels of {@code peerconnect_node_info}, e.g. peer id, name, version; values are escaped
     */
    static String render(Map<String, String> info, CounterSource source) {
        PrometheusText out = new PrometheusText();
        out.header(MetricNames.PREFIX + "node_info", "gauge", "Which node this is; always 1.");
        out.text.append(MetricNames.PREFIX).append("node_info");
        out.labels(info);
        out.text.append(" 1\n");
        Objects.requireNonNull(source, "source").reportCounters(out);
        out.header(MetricNames.PREFIX + "metrics_name_collisions", "gauge",
                "Counters left out of this scrape because another one has the same metric name.");
        out.text.append(MetricNames.PREFIX).append("metrics_name_collisions ").append(out.collisions).append('\n');
        return out.text.toString();
    }

    @Override
    public void counter(String name, long value) {
        String metric = MetricNames.counter(name);
        if (claim(metric, name)) {
            header(metric, "counter", "PeerConnect counter " + name + ".");
            text.append(metric).append(' ').append(value).append('\n');
        }
    }

    @Override
    public void gauge(String name, long value) {
        String metric = MetricNames.gauge(name);
        if (claim(metric, name)) {
            header(metric, "gauge", "PeerConnect level " + name + ".");
            text.append(metric).append(' ').append(value).append('\n');
        }
    }

    @Override
    public void histogram(String name, HistogramSnapshot histogram) {
        String metric = MetricNames.histogram(name);
        if (!claim(metric, name)) {
            return;
        }
        header(metric, "histogram", "PeerConnect durations " + name + ", in seconds.");
        for (int i = 0; i < histogram.bounds().size(); i++) {
            bucket(metric, seconds(histogram.bounds().get(i)), histogram.cumulative(i));
        }
        long count = histogram.count();
        bucket(metric, "+Inf", count);
        text.append(metric).append("_sum ").append(seconds(histogram.sum())).append('\n');
        text.append(metric).append("_count ").append(count).append('\n');
    }

    private void bucket(String metric, String le, long cumulative) {
        text.append(metric).append("_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
    }

    private boolean claim(String metric, String dotted) {
        if (seen.putIfAbsent(metric, dotted) != null) {
            collisions++;
            return false;
        }
        return true;
    }

    private void header(String metric, String type, String help) {
        text.append("# HELP ").append(metric).append(' ').append(escapeHelp(help)).append('\n');
        text.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
    }

    private void labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        text.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(MetricNames.base(label.getKey()).substring(MetricNames.PREFIX.length()))
                    .append("=\"").append(escapeLabel(label.getValue())).append('"');
        }
        text.append('}');
    }

    /** Seconds as a plain decimal, e.g. 0.00025, 2.5, 5.0. */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.getSeconds()).add(java.math.BigDecimal.valueOf(d.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
