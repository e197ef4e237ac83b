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

    /** The log file is rolled over at this size: a week of info lines of a busy node. */
    static final String ROLL_SIZE = "10mb";
    /** Rolled-over files kept besides the current one: at most 60 MB of logs per node. */
    static final int BACKUPS = 5;

    /**
     * Logging for {@code run}: everything at {@code level} and above to {@code logs/peerconnect.log} in
     * {@code logDir}, warnings and errors also to stderr, never to stdout where the console writes. Then
     * installs the bridges as {@link #install()} does.
     *
     * @return false if logging was already configured (the settings of {@code tinylog.properties}
     *         stay: in tests, or if something logged before)
     */
    public static boolean installForRun(Path logDir, SettingsResolver.LogLevel level) {
        boolean configured = false;
        synchronized (Logging.class) {
            if (!Configuration.isFrozen()) {
                Configuration.replace(runConfiguration(logDir, level));
                configured = true;
            }
        }
        install();
        return configured;
    }

    /**
     * tinylog's configuration for {@code run}: its rolling file writer numbers the files
     * ({@code peerconnect.0.log}, {@code peerconnect.1.log}, ...), starts a new one past
     * {@link #ROLL_SIZE}, deletes all but the newest {@link #BACKUPS} older ones, and keeps
     * {@code peerconnect.log} a link to the current one, so that {@code tail -F logs/peerconnect.log}
     * follows the node across roll-overs.
     */
    static Map<String, String> runConfiguration(Path logDir, SettingsResolver.LogLevel level) {
        Path dir = logDir.toAbsolutePath();
        return Map.ofEntries(
                Map.entry("writer1", "rolling file"),
                Map.entry("writer1.file", dir.resolve("peerconnect.{count}.log").toString()),
                Map.entry("writer1.latest", dir.resolve("peerconnect.log").toString()),
                Map.entry("writer1.policies", "size: " + ROLL_SIZE),
                Map.entry("writer1.backups", String.valueOf(BACKUPS)),
                Map.entry("writer1.charset", "UTF-8"),
                Map.entry("writer1.level", level.tinylogName()),
                Map.entry("writer1.format", "{date:yyyy-MM-dd HH:mm:ss.SSS} {level} [{thread}] {class}: {message}"),
                Map.entry("writer2", "console"),
                Map.entry("writer2.stream", "err"),
                Map.entry("writer2.level", level.ordinal() > SettingsResolver.LogLevel.WARN.ordinal()
                        ? level.tinylogName() : "warn"),
                Map.entry("writer2.format", "{level}: {message}"));
    }

    /** Call once at start-up, before anything logs through JUL; later calls do nothing. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            JulTinylogBridge.activate();
        }
    }
}
