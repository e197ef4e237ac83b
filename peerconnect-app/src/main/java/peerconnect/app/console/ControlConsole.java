package peerconnect.app.console;

import peerconnect.app.node.RunningNode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import peerconnect.app.control.CommandRunner;

/**
 * The control socket's side of the console: each request line is parsed by {@link ConsoleParser} and
 * run by a {@link NodeConsole}, the same command table as the interactive console, with the output
 * going to the client instead of the terminal. Only {@code quit} is refused: a client asks, it does
 * not stop the node (a service manager does, with SIGTERM).
 */
public final class ControlConsole {
    private ControlConsole() {
    }

    /**
     * @param waitLimit  the longest a DHT command waits for its answer
     * @param searchTime how long {@code search} collects answers
     */
    public static CommandRunner runner(RunningNode node, Duration waitLimit, Duration searchTime) {
        return (line, out) -> {
            ConsoleCommand command = ConsoleParser.parse(line);
            if (command instanceof ConsoleCommand.Quit) {
                out.accept("quit: a control client does not stop the node; send it SIGTERM (systemctl stop) instead.");
                return false;
            }
            return new NodeConsole(node, new LinesIo(out), waitLimit, searchTime).execute(command);
        };
    }

    /** Console output to a line consumer; there is no input (one command per request). */
    private record LinesIo(Consumer<String> out) implements ConsoleIo {
        @Override
        public Optional<String> readLine() {
            return Optional.empty();
        }

        @Override
        public void println(String line) {
            synchronized (this) {
                out.accept(line);
            }
        }

        @Override
        public void printAsync(String line) {
            println(line);
        }
    }
}
