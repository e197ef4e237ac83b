package peerconnect.app.logging;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link System.Logger} writing to slf4j, for a node embedded without tinylog: the domain's lines then
 * go where the adapters' already go, to whatever slf4j backend the application brings.
 */
final class Slf4jSystemLogger implements System.Logger {
    private final Logger logger;

    Slf4jSystemLogger(String name) {
        this.logger = LoggerFactory.getLogger(Objects.requireNonNull(name, "name"));
    }

    @Override
    public String getName() {
        return logger.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF && logger.isEnabledForLevel(slf4j(level));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            logger.atLevel(slf4j(level)).setCause(thrown).log(localize(bundle, msg));
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String pattern = localize(bundle, format);
            // System.Logger formats parameters the java.text.MessageFormat way ({0}, {1}), as JUL does.
            logger.atLevel(slf4j(level)).log(params == null || params.length == 0 || pattern == null
                    ? pattern : MessageFormat.format(pattern, params));
        }
    }

    private static String localize(ResourceBundle bundle, String key) {
        if (bundle == null || key == null) {
            return key;
        }
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    private static org.slf4j.event.Level slf4j(Level level) {
        return switch (level) {
            case ALL, TRACE -> org.slf4j.event.Level.TRACE;
            case DEBUG -> org.slf4j.event.Level.DEBUG;
            case INFO -> org.slf4j.event.Level.INFO;
            case WARNING -> org.slf4j.event.Level.WARN;
            // OFF never gets here (isLoggable is false for it).
            case ERROR, OFF -> org.slf4j.event.Level.ERROR;
        };
    }
}
