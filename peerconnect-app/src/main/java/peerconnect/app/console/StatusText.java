package peerconnect.app.console;

import peerconnect.app.node.StatusReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import peerconnect.domain.DropReason;

/**
 * The text of {@code status}, as a pure function of a {@link StatusReport}: one fact per line, then
 * under {@code counters} one group per line ({@code udp}, {@code kademlia}, {@code gossip}, ...), each line wrapped
 * before {@link #WIDTH} columns, so that it reads in a terminal. {@code --json} shows every field.
 */
final class StatusText {
    /** Lines are wrapped before this many columns: what a terminal shows without wrapping itself. */
    static final int WIDTH = 100;
    private static final int LABEL = 13;
    private static final Pattern ROUND = Pattern.compile("round=(\\d+)");

    private StatusText() {
    }

    static List<String> lines(StatusReport s, String version) {
        List<String> out = new ArrayList<>();
        fact(out, "peer id", s.self().contact().id().toHex());
        fact(out, "name", s.self().name());
        fact(out, "version", version);
        fact(out, "uptime", uptime(s.uptime()));
        fact(out, "address", s.self().contact().address().toString());
        wrapped(out, "listening", s.addresses().stream().map(Object::toString).toList());
        fact(out, "bootstrapped", s.bootstrapped() ? "yes" : "no");
        fact(out, "discovery", discoveryWord(s.discovery()));
        Map<String, Object> buckets = new TreeMap<>();
        new TreeMap<>(s.bucketFill()).forEach((bucket, fill) -> buckets.put(String.valueOf(bucket), fill));
        if (buckets.isEmpty()) {
            fact(out, "buckets", "all empty");
        } else {
            wrapped(out, "buckets", pairs(buckets));
        }
        Map<String, Object> dispatcher = new java.util.LinkedHashMap<>();
        dispatcher.put("received", s.dispatcher().received());
        dispatcher.put("dispatched", s.dispatcher().dispatched());
        dispatcher.put("repliesMatched", s.dispatcher().repliesMatched());
        dispatcher.put("requestsSent", s.dispatcher().requestsSent());
        dispatcher.put("requestsTimedOut", s.dispatcher().requestsTimedOut());
        dispatcher.put("handlerFailures", s.dispatcher().handlerFailures());
        dispatcher.put("sendFailures", s.dispatcher().sendFailures());
        dispatcher.put("queued", s.dispatcher().queued());
        dispatcher.put("pendingReplies", s.dispatcher().pendingReplies());
        dispatcher.put("verifiedSources", s.dispatcher().verifiedSources());
        dispatcher.put("repliesRefusedOverBudget", s.dispatcher().repliesRefusedOverBudget());
        wrapped(out, "dispatcher", pairs(dispatcher));
        Map<String, Object> drops = new TreeMap<>();
        for (DropReason reason : DropReason.values()) {
            drops.put(reason.name(), s.dispatcher().dropped(reason));
        }
        wrapped(out, "dropped", pairs(drops));
        // Per-reason rejections are many and mostly zero: the text shows those that happened (--json shows all).
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        new TreeMap<>(s.counters()).forEach((name, value) -> {
            if (name.contains(".rejected.") && value == 0) {
                return;
            }
            int dot = name.indexOf('.');
            String group = dot < 0 ? name : name.substring(0, dot);
            String key = dot < 0 ? name : name.substring(dot + 1);
            groups.computeIfAbsent(group, g -> new java.util.LinkedHashMap<>()).put(key, value);
        });
        if (!groups.isEmpty()) {
            // Under a heading and indented: a group may share its name with a fact above ("discovery").
            out.add("counters");
            groups.forEach((group, values) -> wrapped(out, "  " + group, pairs(values)));
        }
        return out;
    }

    /**
     * The discovery state as a word and its round: {@code Searching[round=2]} is {@code searching
     * (round 2)}, {@code Joined[]} is {@code joined}.
     */
    static String discoveryWord(String state) {
        int paren = state.indexOf('(') >= 0 ? state.indexOf('(') : state.indexOf('[');
        String word = (paren < 0 ? state : state.substring(0, paren)).strip().toLowerCase(Locale.ROOT);
        Matcher round = ROUND.matcher(state);
        return round.find() ? word + " (round " + round.group(1) + ")" : word;
    }

    /** {@code 3 h 02 min 07 s}, {@code 4 min 05 s}, {@code 12 s}. */
    static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86_400;
        long hours = s / 3600 % 24;
        long minutes = s / 60 % 60;
        long seconds = s % 60;
        if (days > 0) {
            return String.format(Locale.ROOT, "%d d %02d h %02d min", days, hours, minutes);
        }
        if (hours > 0) {
            return String.format(Locale.ROOT, "%d h %02d min %02d s", hours, minutes, seconds);
        }
        if (minutes > 0) {
            return String.format(Locale.ROOT, "%d min %02d s", minutes, seconds);
        }
        return seconds + " s";
    }

    private static List<String> pairs(Map<String, ?> values) {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static void fact(List<String> out, String label, String value) {
        out.add(pad(label) + value);
    }

    /** {@code label} then the items separated by spaces, continued on indented lines before {@link #WIDTH}. */
    private static void wrapped(List<String> out, String label, List<String> items) {
        StringBuilder line = new StringBuilder(pad(label));
        boolean empty = true;
        for (String item : items) {
            if (!empty && line.length() + 1 + item.length() > WIDTH) {
                out.add(line.toString());
                line = new StringBuilder(" ".repeat(LABEL));
                empty = true;
            }
            line.append(empty ? "" : " ").append(item);
            empty = false;
        }
        out.add(line.toString());
    }

    private static String pad(String label) {
        return label.length() >= LABEL ? label + " " : label + " ".repeat(LABEL - label.length());
    }
}
