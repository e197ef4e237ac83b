package peerconnect.app.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the console reads lines and writes output. On a terminal, lines come from the JDK's
 * {@link Console} (line editing and history with {@code -Djdk.console=jdk.internal.le}) behind a
 * prompt; from a pipe, plain lines without a prompt. Output lines may come from other threads
 * (incoming gossip): they are written whole, and on a terminal the prompt is drawn again after them.
 */
public interface ConsoleIo {
    /** The next line, or empty at the end of input (EOF, Ctrl-D). Blocks. */
    Optional<String> readLine();

    /** Writes one line of output; safe from any thread. */
    void println(String line);

    /** Writes a line that arrived while the user may be typing (incoming gossip). */
    void printAsync(String line);

    /** The terminal's console when there is one, else plain lines from {@code in} to {@code out}. */
    static ConsoleIo system(InputStream in, PrintWriter out) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            return new TerminalIo(console);
        }
        return piped(in, out);
    }

    /**
     * JDK 22+ returns a Console even when stdin is piped, and {@code Console.isTerminal()} (JDK 22)
     * tells the two apart; the code targets release 21, so it is called reflectively. On 21 a
     * non-null console is a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Plain lines, no prompt: for pipes and tests. */
    static ConsoleIo piped(InputStream in, PrintWriter out) {
        return new PipedIo(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out);
    }

    /** Reads lines without a prompt: a script or a test drives the console. */
    final class PipedIo implements ConsoleIo {
        private final BufferedReader in;
        private final PrintWriter out;

        PipedIo(BufferedReader in, PrintWriter out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public Optional<String> readLine() {
            try {
                return Optional.ofNullable(in.readLine());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void println(String line) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }

        @Override
        public void printAsync(String line) {
            println(line);
        }
    }

    /** A person at a terminal: prompt, editing, history. */
    final class TerminalIo implements ConsoleIo {
        static final String PROMPT = "peerconnect> ";
        private final Console console;
        private volatile boolean reading;

        TerminalIo(Console console) {
            this.console = console;
        }

        @Override
        public Optional<String> readLine() {
            reading = true;
            try {
                return Optional.ofNullable(console.readLine(PROMPT));
            } catch (RuntimeException e) {
                // Ctrl-C at the prompt: the line editor has the terminal in raw mode, so no SIGINT comes;
                // its (JDK-internal) UserInterruptException means the same as the signal: stop.
                if (e.getClass().getSimpleName().equals("UserInterruptException")) {
                    return Optional.empty();
                }
                throw e;
            } finally {
                reading = false;
            }
        }

        @Override
        public void println(String line) {
            synchronized (console) {
                console.writer().println(line);
                console.writer().flush();
            }
        }

        @Override
        public void printAsync(String line) {
            synchronized (console) {
                // Clear the prompt line, print above it, draw the prompt again. Typed characters stay
                // in the line editor's buffer; only their echo is lost until the next key.
                PrintWriter w = console.writer();
                w.print(reading ? "\r\033[K" + line + System.lineSeparator() + PROMPT : line + System.lineSeparator());
                w.flush();
            }
        }
    }
}
