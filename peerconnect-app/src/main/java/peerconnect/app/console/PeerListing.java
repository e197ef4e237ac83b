package peerconnect.app.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import peerconnect.ports.ContactState;
import peerconnect.ports.ContactStatus;

/**
 * The {@code peers} listing: one line per contact with its liveness, or one JSON object per contact.
 * Pure: the console prints what it returns.
 */
public final class PeerListing {

    private PeerListing() {
    }

    /**
     * One line per contact, sorted by id: {@code <id> <name> <address> <state> heard <t> ago rtt <r>},
     * where {@code <name>} is the name of the peer's verified record ({@code -} while none is held;
     * a name with spaces is quoted), {@code <t>} and {@code <r>} are rounded to the unit that reads
     * best and {@code rtt -} means not measured yet; just {@code <id> <name> <address>} for a directory
     * that tracks no liveness.
     */
    public static List<String> lines(List<ContactStatus> contacts) {
        List<String> out = new ArrayList<>(contacts.size());
        for (ContactStatus s : sorted(contacts)) {
            String who = s.contact().id().toHex() + " " + s.verifiedName().map(PeerListing::word).orElse("-") + " "
                    + s.contact().address();
            if (s.state() == ContactState.UNKNOWN) {
                out.add(who); // a directory without liveness
                continue;
            }
            out.add(who + " " + s.state().word()
                    + " heard " + span(s.sinceHeard()) + " ago rtt " + s.rtt().map(PeerListing::span).orElse("-")
                    + (s.failures() > 0 ? " missed " + s.failures() : ""));
        }
        return out;
    }

    /**
     * The same contacts as JSON-ready maps: id, name (absent while no verified record is held),
     * address, state, sinceHeardMillis, rttMillis (absent if not measured), failures.
     */
    public static List<Map<String, Object>> json(List<ContactStatus> contacts) {
        List<Map<String, Object>> out = new ArrayList<>(contacts.size());
        for (ContactStatus s : sorted(contacts)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.contact().id().toHex());
            s.verifiedName().ifPresent(n -> m.put("name", n));
            m.put("address", s.contact().address().toString());
            if (s.state() == ContactState.UNKNOWN) {
                out.add(m);
                continue;
            }
            m.put("state", s.state().word());
            m.put("sinceHeardMillis", s.sinceHeard().toMillis());
            s.rtt().ifPresent(r -> m.put("rttMillis", r.toMillis()));
            m.put("failures", s.failures());
            out.add(m);
        }
        return out;
    }

    /**
     * A name as one word of the line: as it is unless it is empty, {@code -}, or holds white space or a
     * quote, which a reader splitting on spaces would misread; then quoted, with {@code "} and
     * {@code \\} escaped.
     */
    static String word(String name) {
        if (!name.isEmpty() && !name.equals("-") && name.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"'
                || c == '\\' || Character.isISOControl(c))) {
            return name;
        }
        StringBuilder b = new StringBuilder("\"");
        name.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.appendCodePoint(Character.isISOControl(c) ? '?' : c);
        });
        return b.append('"').toString();
    }

    /** {@code 850ms}, {@code 12.3s}, {@code 4m05s}: short and exact enough for a glance. */
    static String span(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        return s / 60 + "m" + String.format(java.util.Locale.ROOT, "%02d", s % 60) + "s";
    }

    private static List<ContactStatus> sorted(List<ContactStatus> contacts) {
        List<ContactStatus> copy = new ArrayList<>(contacts);
        copy.sort(Comparator.comparing(s -> s.contact().id()));
        return copy;
    }
}
