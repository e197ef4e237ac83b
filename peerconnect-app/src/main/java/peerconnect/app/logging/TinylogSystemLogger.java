package peerconnect.app.logging;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.tinylog.provider.LoggingProvider;
import org.tinylog.provider.ProviderRegistry;

/**
 * A {@link System.Logger} writing to tinylog. Overrides every default method, so that each call
 * reaches tinylog from a frame of this class: tinylog names as the logging class the first frame
 * after this class's frames, which is then the caller.
 */
final class TinylogSystemLogger implements System.Logger {
    private static final String SELF = TinylogSystemLogger.class.getName();

    private final String name;
    private final LoggingProvider provider = ProviderRegistry.getLoggingProvider();

    TinylogSystemLogger(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF && provider.isEnabled(SELF, null, tinylog(level));
    }

    @Override
    public void log(Level level, String msg) {
        if (isLoggable(level)) {
            write(level, null, msg);
        }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        if (isLoggable(level)) {
            write(level, null, msgSupplier.get());
        }
    }

    @Override
    public void log(Level level, Object obj) {
        if (isLoggable(level)) {
            write(level, null, String.valueOf(obj));
        }
    }

    @Override
    public void log(Level level, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            write(level, thrown, msg);
        }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
        if (isLoggable(level)) {
            write(level, thrown, msgSupplier.get());
        }
    }

    @Override
    public void log(Level level, String format, Object... params) {
        if (isLoggable(level)) {
            write(level, null, format(format, params));
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            write(level, thrown, localize(bundle, msg));
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            write(level, null, format(localize(bundle, format), params));
        }
    }

    private void write(Level level, Throwable thrown, String message) {
        provider.log(SELF, null, tinylog(level), thrown, null, message, (Object[]) null);
    }

    /** System.Logger formats parameters the java.text.MessageFormat way ({0}, {1}), as JUL does. */
    private static String format(String format, Object... params) {
        return params == null || params.length == 0 ? format : MessageFormat.format(format, params);
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

    private static org.tinylog.Level tinylog(Level level) {
        return switch (level) {
            case ALL, TRACE -> org.tinylog.Level.TRACE;
            case DEBUG -> org.tinylog.Level.DEBUG;
            case INFO -> org.tinylog.Level.INFO;
            case WARNING -> org.tinylog.Level.WARN;
            case ERROR -> org.tinylog.Level.ERROR;
            case OFF -> org.tinylog.Level.OFF;
        };
    }
}
