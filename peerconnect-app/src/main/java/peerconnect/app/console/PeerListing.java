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
     * One line per contact, sorted by id: {@code <id> <address> <state> heard <t> ago rtt <r>}, where
     * {@code <t>} and {@code <r>} are rounded to the unit that reads best and {@code rtt -} means not
     * measured yet; just {@code <id> <address>} for a directory that tracks no liveness.
     */
    public static List<String> lines(List<ContactStatus> contacts) {
        List<String> out = new ArrayList<>(contacts.size());
        for (ContactStatus s : sorted(contacts)) {
            if (s.state() == ContactState.UNKNOWN) {
                out.add(s.contact().id().toHex() + " " + s.contact().address()); // a directory without liveness
                continue;
            }
            out.add(s.contact().id().toHex() + " " + s.contact().address() + " " + s.state().word()
                    + " heard " + span(s.sinceHeard()) + " ago rtt " + s.rtt().map(PeerListing::span).orElse("-")
                    + (s.failures() > 0 ? " missed " + s.failures() : ""));
        }
        return out;
    }

    /** The same contacts as JSON-ready maps: id, address, state, sinceHeardMillis, rttMillis (absent if not measured), failures. */
    public static List<Map<String, Object>> json(List<ContactStatus> contacts) {
        List<Map<String, Object>> out = new ArrayList<>(contacts.size());
        for (ContactStatus s : sorted(contacts)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.contact().id().toHex());
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
