package peerconnect.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) for tests: every sample line is
 * {@code name[{labels}] value}, names and label names are valid, every family has its HELP and TYPE
 * before its samples, a name is declared once, and a histogram's buckets are cumulative and end in
 * {@code +Inf} equal to its {@code _count}. Any break fails the test with the line.
 */
public record PrometheusScrape(Map<String, String> types, Map<String, Double> samples, String text) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** GETs {@code url} and parses the body; the status must be 200 with the format's content type. */
    public static PrometheusScrape get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        try {
            assertEquals(200, c.getResponseCode(), url);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", c.getHeaderField("Content-Type"));
            try (InputStream in = c.getInputStream()) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            c.disconnect();
        }
    }

    /** Parses and checks {@code text}; samples are keyed by name plus their label text, e.g. {@code x_bucket{le="1"}}. */
    public static PrometheusScrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        assertTrue(text.endsWith("\n"), "the text ends with a line feed");
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                assertTrue(parts.length == 4 && NAME.matcher(parts[2]).matches(), "bad comment line: " + line);
                Map<String, String> into = parts[1].equals("HELP") ? help : types;
                if (into.put(parts[2], parts[3]) != null) {
                    fail(parts[1] + " twice for " + parts[2]);
                }
                if (parts[1].equals("TYPE")) {
                    assertTrue(List.of("counter", "gauge", "histogram").contains(parts[3]), line);
                    assertTrue(help.containsKey(parts[2]), "TYPE before HELP: " + line);
                }
                continue;
            }
            assertTrue(!line.startsWith("#"), "unknown comment: " + line);
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            String name = m.group(1);
            String family = familyOf(name, types);
            assertTrue(family != null, "sample before its TYPE: " + line);
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                for (String label : m.group(3).split(",(?=[a-zA-Z_][a-zA-Z0-9_]*=\")")) {
                    assertTrue(LABEL.matcher(label).matches(), "bad label " + label + " in " + line);
                }
            }
            double value = m.group(4).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(4));
            String key = name + (m.group(2) == null ? "" : m.group(2));
            if (samples.put(key, value) != null) {
                fail("sample twice: " + line);
            }
        }
        PrometheusScrape scrape = new PrometheusScrape(types, samples, text);
        for (Map.Entry<String, String> t : types.entrySet()) {
            if (t.getValue().equals("histogram")) {
                scrape.checkHistogram(t.getKey());
            } else if (t.getValue().equals("counter")) {
                assertTrue(t.getKey().endsWith("_total"), "a counter's name ends in _total: " + t.getKey());
            }
        }
        return scrape;
    }

    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return null;
    }

    private void checkHistogram(String name) {
        List<Double> bounds = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        Pattern bucket = Pattern.compile(Pattern.quote(name) + "_bucket\\{le=\"([^\"]+)\"\\}");
        for (Map.Entry<String, Double> s : samples.entrySet()) {
            Matcher m = bucket.matcher(s.getKey());
            if (m.matches()) {
                bounds.add(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)));
                counts.add(s.getValue());
            }
        }
        assertTrue(!bounds.isEmpty() && bounds.getLast() == Double.POSITIVE_INFINITY, name + " ends in +Inf");
        for (int i = 1; i < bounds.size(); i++) {
            assertTrue(bounds.get(i) > bounds.get(i - 1), name + " bounds increase");
            assertTrue(counts.get(i) >= counts.get(i - 1), name + " buckets are cumulative");
        }
        assertTrue(samples.containsKey(name + "_sum"), name + "_sum");
        assertEquals(counts.getLast(), samples.get(name + "_count"), name + ": +Inf bucket = _count");
    }

    /** The value of a sample without labels. */
    public double value(String name) {
        Double v = samples.get(name);
        if (v == null) {
            fail("no sample " + name + " in\n" + text);
        }
        return v;
    }
}
