package peerconnect.app;

import org.tinylog.jul.JulTinylogBridge;

/**
 * Routes every logging API in the process to tinylog. slf4j finds tinylog's provider and the JDK
 * finds {@link TinylogLoggerFinder} for System.Logger by themselves (both are services); only
 * java.util.logging, which Guice uses, needs its bridge installed.
 */
final class Logging {
    private Logging() {
    }

    /** Call once at start-up, before anything logs through JUL. */
    static void install() {
        JulTinylogBridge.activate();
    }
}
