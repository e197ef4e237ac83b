package peerconnect.app.settings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import peerconnect.domain.NodeAddress;

/**
 * What SIGHUP changes in a running node, as a pure function of the settings it started with and those
 * read again: new {@code peers} are joined through at once; everything else needs a restart and is
 * only named in the log ({@code log-level} too: tinylog fixes its configuration at the first log line).
 */
public final class SettingsReload {
    private SettingsReload() {
    }

    /**
     * @param joinThrough peers named now that were not named before
     * @param needRestart the keys whose new values take effect only at the next start
     */
    public record Plan(List<NodeAddress> joinThrough, List<String> needRestart) {
        public Plan {
            joinThrough = List.copyOf(joinThrough);
            needRestart = List.copyOf(needRestart);
        }
    }

    public static Plan plan(SettingsResolver.RunSettings before, SettingsResolver.RunSettings after) {
        NodeSettings a = before.node();
        NodeSettings b = after.node();
        Set<NodeAddress> added = new LinkedHashSet<>(b.peers());
        added.removeAll(a.peers());
        List<String> restart = new ArrayList<>();
        changed(restart, "name", a.name(), b.name());
        changed(restart, "bind", a.bind(), b.bind());
        if (after.portGiven() && (!before.portGiven() || a.port() != b.port())) {
            restart.add("port");
        }
        changed(restart, "interface", a.networkInterface(), b.networkInterface());
        changed(restart, "ipv6", a.ipv6(), b.ipv6());
        changed(restart, "group", a.group(), b.group());
        changed(restart, "multicast", a.multicast(), b.multicast());
        changed(restart, "network-key-file", a.networkKey(), b.networkKey());
        changed(restart, "rate-limits", a.rateLimits(), b.rateLimits());
        changed(restart, "liveness", a.liveness(), b.liveness());
        changed(restart, "log-level", before.logLevel(), after.logLevel());
        return new Plan(List.copyOf(added), restart);
    }

    private static void changed(List<String> restart, String key, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            restart.add(key);
        }
    }
}
