package peerconnect.app.logging;

/**
 * Sends {@link System.Logger} output (the domain's) straight to tinylog, registered as the JDK's
 * logger finder by {@code provides} in module-info.
 *
 * <p>Why not leave it to the JUL bridge: System.Logger's default backend is java.util.logging, and
 * tinylog finds the logging class from the stack, where it would see a JDK-internal JUL wrapper
 * instead of the domain class on every domain log line.
 */
public final class TinylogLoggerFinder extends System.LoggerFinder {
    /** Called by the {@link java.util.ServiceLoader}. */
    public TinylogLoggerFinder() {
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new TinylogSystemLogger(name);
    }
}
