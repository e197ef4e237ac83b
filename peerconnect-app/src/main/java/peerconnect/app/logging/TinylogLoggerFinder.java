package peerconnect.app.logging;

/**
 * Sends {@link System.Logger} output (the domain's) straight to tinylog, registered as the JDK's
 * logger finder by {@code provides} in module-info; where tinylog is absent (an application that embeds
 * the library without it), to slf4j, where the adapters' lines go too.
 *
 * <p>Why not leave it to the JUL bridge: System.Logger's default backend is java.util.logging, and
 * tinylog finds the logging class from the stack, where it would see a JDK-internal JUL wrapper
 * instead of the domain class on every domain log line.
 */
public final class TinylogLoggerFinder extends System.LoggerFinder {
    // Looked up once, by name: linking a tinylog class where tinylog is absent would throw.
    private static final boolean TINYLOG = present("org.tinylog.provider.ProviderRegistry")
            && present("org.tinylog.core.TinylogLoggingProvider");

    /** Called by the {@link java.util.ServiceLoader}. */
    public TinylogLoggerFinder() {
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return TINYLOG ? new TinylogSystemLogger(name) : new Slf4jSystemLogger(name);
    }

    /** Whether tinylog (API and implementation) is there to write to. */
    static boolean tinylogPresent() {
        return TINYLOG;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, TinylogLoggerFinder.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
