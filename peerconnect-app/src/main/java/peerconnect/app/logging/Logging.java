package peerconnect.app.logging;

import peerconnect.app.cli.PeerConnectCli;
import peerconnect.app.settings.SettingsResolver;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinylog.configuration.Configuration;
import org.tinylog.jul.JulTinylogBridge;

/**
 * Routes every logging API in the process to tinylog. slf4j finds tinylog's provider and the JDK
 * finds {@link TinylogLoggerFinder} for System.Logger by themselves (both are services); only
 * java.util.logging, which Guice uses, needs its bridge installed.
 *
 * <p>tinylog freezes its configuration at the first logger anyone asks for (even a
 * {@code LoggerFactory.getLogger}), so {@code run} must configure its log file before anything gets
 * a logger: the CLI installs logging only once it knows the command ({@link PeerConnectCli}), and
 * classes reached before that get their loggers lazily.
 */
public final class Logging {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private Logging() {
    }

    /**
     * Logging for {@code run}: everything at {@code level} and above to {@code logFile} (appended),
     * warnings and errors also to stderr, never to stdout where the console writes. Then installs the
     * bridges as {@link #install()} does.
     *
     * @return false if logging was already configured (the settings of {@code tinylog.properties}
     *         stay: in tests, or if something logged before)
     */
    public static boolean installForRun(Path logFile, SettingsResolver.LogLevel level) {
        boolean configured = false;
        synchronized (Logging.class) {
            if (!Configuration.isFrozen()) {
                Configuration.replace(Map.of(
                        "writer1", "file",
                        "writer1.file", logFile.toAbsolutePath().toString(),
                        "writer1.append", "true",
                        "writer1.charset", "UTF-8",
                        "writer1.level", level.tinylogName(),
                        "writer1.format", "{date:yyyy-MM-dd HH:mm:ss.SSS} {level} [{thread}] {class}: {message}",
                        "writer2", "console",
                        "writer2.stream", "err",
                        "writer2.level", level.ordinal() > SettingsResolver.LogLevel.WARN.ordinal()
                                ? level.tinylogName() : "warn",
                        "writer2.format", "{level}: {message}"));
                configured = true;
            }
        }
        install();
        return configured;
    }

    /** Call once at start-up, before anything logs through JUL; later calls do nothing. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            JulTinylogBridge.activate();
        }
    }
}
