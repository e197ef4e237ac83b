package peerconnect.app.simulate;

import peerconnect.app.cli.CliRun;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code peerconnect simulate dht}: options, bad values, text and JSON output of a small run. */
class SimulateDhtCommandTest {

    @Test
    void aSmallRunPrintsTheFigures() {
        CliRun run = CliRun.execute("simulate", "dht", "--nodes", "200", "--lookups", "50", "--values", "20", "--seed", "3");
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertTrue(run.out().startsWith("DHT simulation: 200 nodes, 50 lookups, 20 values, churn 0.00,"
                        + " loss 0.00, latency 1+1 ms, seed 3"), run.out()),
                () -> assertTrue(run.out().contains("lookup time"), run.out()),
                () -> assertTrue(run.out().contains("lookup success       100.00 %"), run.out()),
                () -> assertTrue(run.out().contains("get success          100.00 %"), run.out()),
                () -> assertTrue(run.out().contains("hops p50/p95/p99"), run.out()),
                () -> assertTrue(run.out().contains("wall time"), run.out()),
                () -> assertTrue(run.err().contains("built 200 nodes"), "progress on stderr: " + run.err()));
    }

    @Test
    void jsonIsOneValidObjectWithTheSameFigures() {
        String[] args = {"simulate", "dht", "--nodes", "150", "--lookups", "40", "--values", "30", "--churn", "0.1",
                "--loss", "0.02", "--seed", "11"};
        CliRun text = CliRun.execute(args);
        CliRun json = CliRun.execute(append(args, "--json"));
        assertEquals(0, json.exitCode(), json.err());
        Map<String, Object> o = new JsonReader(json.out().strip()).object();
        assertAll(
                () -> assertEquals(150L, o.get("nodes")),
                () -> assertEquals(11L, o.get("seed")),
                () -> assertEquals(0.1, (Double) o.get("churn"), 1e-12),
                () -> assertEquals(15L, o.get("nodesRemoved")),
                () -> assertTrue(text.out().contains(String.format(java.util.Locale.ROOT, "get success          %.2f %%",
                        (Double) o.get("getSuccessRate") * 100)), text.out() + " vs " + o),
                () -> assertTrue(text.out().contains("hops p50/p95/p99     " + o.get("hopsP50") + " / "
                        + o.get("hopsP95") + " / " + o.get("hopsP99")), text.out() + " vs " + o),
                () -> assertTrue(text.out().contains(String.format(java.util.Locale.ROOT, "datagrams            %,d",
                        (Long) o.get("datagrams"))), "same seed, same run: " + text.out() + " vs " + o),
                () -> assertTrue((Long) o.get("peakHeapBytes") > 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--nodes 1 --lookups 1 --values 1 --seed 1|--nodes must be between 2 and 100000, got 1.",
            "--nodes 10 --lookups -1 --values 1 --seed 1|--lookups must not be negative, got -1.",
            "--nodes 10 --lookups 1 --values 1 --churn 1 --seed 1|--churn must be at least 0 and below 1, got 1.0.",
            "--nodes 10 --lookups 1 --values 1 --loss -0.5 --seed 1|--loss must be at least 0 and below 1, got -0.5.",
            "--nodes ten --lookups 1 --values 1 --seed 1|Invalid value for option '--nodes': 'ten' is not an int",
            "--lookups 1 --values 1 --seed 1|Missing required option: '--nodes=N'"})
    void badValuesExitTwoWithOneSentence(String args, String sentence) {
        CliRun run = CliRun.execute(append(new String[] {"simulate", "dht"}, args.split(" ")));
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertEquals(sentence, run.err().lines().findFirst().orElse("")),
                () -> assertTrue(run.err().contains("Usage: peerconnect simulate dht"), run.err()),
                () -> assertEquals("", run.out()));
    }

    private static String[] append(String[] a, String... more) {
        String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    /** Just enough of JSON to check the output: one flat object of numbers (and strings, null). */
    private static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            if (peek() != '}') {
                do {
                    String key = string();
                    expect(':');
                    m.put(key, value());
                } while (consume(','));
            }
            expect('}');
            if (i != s.length()) {
                throw new AssertionError("trailing text at " + i + ": " + s);
            }
            return m;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.isEmpty()) {
                throw new AssertionError("expected a value at " + start + ": " + s);
            }
            return n.matches("-?\\d+") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
        }

        private String string() {
            expect('"');
            int start = i;
            while (s.charAt(i) != '"') {
                i++;
            }
            return s.substring(start, i++);
        }

        private char peek() {
            return s.charAt(i);
        }

        private boolean consume(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw new AssertionError("expected '" + c + "' at " + i + ": " + s);
            }
        }
    }

    @Test
    void onlyTheNetworkSizeIsNeededTheRestHasDefaults() {
        CliRun run = CliRun.execute("simulate", "dht", "--nodes", "500");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("500 nodes, 100 lookups, 100 values, churn 0.00, loss 0.00, latency 1+1 ms, seed 1"), run.out());
        assertTrue(run.out().matches("(?s).*virtual time +\\d+\\.\\d+ s.*"), run.out());
        assertTrue(!run.err().contains("PT"), "durations print as seconds: " + run.err());
    }
}
