package peerconnect.app.cli;

import sun.misc.Signal;

/**
 * SIGINT (Ctrl-C) and SIGTERM stop the node gracefully and exit with 0. The JDK's own handling of them
 * exits with 130 or 143 after the shutdown hooks; {@code sun.misc.Signal} (jdk.unsupported, the only
 * API for it) lets the node close first and then exit with success, as a requested stop is one.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** On SIGINT or SIGTERM: runs {@code stop} on the signal's thread, then exits the JVM with 0. */
    static void install(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    stop.run();
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) {
                // Signal unknown on this OS (TERM on Windows) or taken by the JVM (-Xrs): the shutdown hook
                // still closes the node.
            }
        }
    }
}
