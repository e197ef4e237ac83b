package peerconnect.app.hooks;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code --on-event EVENTS=COMMAND}: a shell command run for each event of the kinds named, as
 * Serf's event handlers are ({@code join,leave=/usr/local/bin/peers-changed}).
 *
 * @param events  the kinds that run it, at least one
 * @param command given to {@code /bin/sh -c}, not empty
 */
public record EventHook(Set<HookEvent.Kind> events, String command) {
    /** Checks both parts. */
    public EventHook {
        events = Set.copyOf(events);
        Objects.requireNonNull(command, "command");
        if (events.isEmpty() || command.isBlank()) {
            throw new IllegalArgumentException("a hook needs an event and a command");
        }
    }

    /**
     * Parses {@code EVENTS=COMMAND}, EVENTS one or more of join, leave, gossip separated by commas.
     *
     * @throws IllegalArgumentException in one sentence if the text is not of that form
     */
    public static EventHook parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0 || text.substring(equals + 1).isBlank()) {
            throw new IllegalArgumentException("is not EVENTS=COMMAND (events: join, leave, gossip)");
        }
        Set<HookEvent.Kind> kinds = EnumSet.noneOf(HookEvent.Kind.class);
        for (String name : text.substring(0, equals).split(",")) {
            try {
                kinds.add(HookEvent.Kind.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("names an unknown event '" + name.strip()
                        + "' (events: join, leave, gossip)");
            }
        }
        return new EventHook(kinds, text.substring(equals + 1).strip());
    }
}
