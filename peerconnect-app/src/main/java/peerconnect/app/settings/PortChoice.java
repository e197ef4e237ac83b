package peerconnect.app.settings;

import java.net.BindException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Which UDP ports {@code run} tries, in order, as a pure function. A port the user set is the only
 * one (taken = the node does not start). Otherwise the port this data directory's node used last,
 * else {@link #DEFAULT_PORT}; and if that one is taken (a second node on the host), any free port.
 * So a node comes back at the address its peers know after a restart, and a second node on the
 * same host still starts without flags.
 */
public final class PortChoice {
    /**
     * The default unicast port: next to the discovery group's 19777, so one firewall rule of two
     * ports lets a node be found and reached.
     */
    public static final int DEFAULT_PORT = 19778;

    private PortChoice() {
    }

    /**
     * @param given      whether the port was set (flag, environment or file)
     * @param port       the port set, if {@code given}
     * @param remembered the port this data directory's node used last, if any
     * @return the ports to try in order; 0 means any free port
     */
    public static List<Integer> attempts(boolean given, int port, OptionalInt remembered) {
        if (given) {
            return List.of(port);
        }
        int first = remembered.orElse(DEFAULT_PORT);
        return first == 0 ? List.of(0) : List.of(first, 0);
    }

    /** Whether a failed start failed because its port was taken (so the next attempt may follow). */
    public static boolean portTaken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("in use")) {
                return true;
            }
        }
        return false;
    }
}
