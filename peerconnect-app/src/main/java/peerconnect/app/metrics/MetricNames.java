package peerconnect.app.metrics;

import java.util.Locale;

/**
 * Turns the node's dotted counter names into Prometheus metric names: {@code kademlia.rpcFailures}
 * becomes {@code peerconnect_kademlia_rpc_failures}, {@code gossip.rejected.BAD_TEXT} becomes
 * {@code peerconnect_gossip_rejected_bad_text}. Camel case splits at each lower-to-upper step, every
 * other character outside {@code [a-zA-Z0-9_]} becomes an underscore, runs of underscores collapse
 * and the result is lower case: always a valid name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}). Counters get
 * {@code _total}, histograms {@code _seconds} (the unit), as the format's naming guide asks.
 */
final class MetricNames {
    static final String PREFIX = "peerconnect_";

    private MetricNames() {
    }

    /** The base name of {@code dotted}, without a suffix. */
    static String base(String dotted) {
        StringBuilder out = new StringBuilder(PREFIX);
        char previous = '_';
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!word) {
                c = '_';
            } else if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
                out.append('_');
            }
            if (c == '_' && out.charAt(out.length() - 1) == '_') {
                previous = c;
                continue;
            }
            out.append(c);
            previous = c;
        }
        int end = out.length();
        while (end > PREFIX.length() && out.charAt(end - 1) == '_') {
            end--;
        }
        return out.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** A counter's name: the base, then {@code _total}. */
    static String counter(String dotted) {
        return base(dotted) + "_total";
    }

    /** A gauge's name: the base. */
    static String gauge(String dotted) {
        return base(dotted);
    }

    /** A histogram of durations: the base, then {@code _seconds}. */
    static String histogram(String dotted) {
        return base(dotted) + "_seconds";
    }
}
