package peerconnect.app.settings;

/**
 * A setting could not be used: a bad value (the message names where it came from, in one sentence) or
 * an unreadable settings file. The command line reports the message and exits with 2.
 */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }

    SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
