package peerconnect.app.cli;

import sun.misc.Signal;

/**
 * SIGHUP reloads {@code run}'s settings ({@link SettingsReload}) instead of ending the process: the
 * JDK's own handling of it runs the shutdown hooks and exits with 129, which is what a service
 * manager's "reload" must not do.
 */
final class ReloadSignal {
    private ReloadSignal() {
    }

    /** On SIGHUP: runs {@code reload} on the signal's thread; the process goes on. */
    static void install(Runnable reload) {
        try {
            Signal.handle(new Signal("HUP"), signal -> reload.run());
        } catch (IllegalArgumentException e) {
            // No SIGHUP on this OS (Windows) or taken by the JVM (-Xrs): nothing to reload by signal.
        }
    }
}
