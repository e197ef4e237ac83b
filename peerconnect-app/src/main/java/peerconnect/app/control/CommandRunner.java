package peerconnect.app.control;

import java.util.function.Consumer;

/**
 * Runs one command line for a control client, with the console's command table: the same parser,
 * the same commands, the same text and {@code --json} output.
 */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs {@code line}, writing its output lines to {@code out}; may block until the command's own
     * time limit (a DHT lookup, a search).
     *
     * @return true if the command succeeded, false if it was invalid or failed (the client exits with 1)
     */
    boolean run(String line, Consumer<String> out);
}
