package peerconnect.app.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the console reads lines and writes output. On a terminal, lines come from JLine behind a
 * prompt ({@link JLineIo}: editing, completion, history); from a pipe, plain lines without a prompt.
 * Output lines may come from other threads (incoming gossip): they are written whole, and on a
 * terminal above the prompt, leaving what is being typed as it was.
 */
public interface ConsoleIo extends AutoCloseable {
    /** The next line, or empty at the end of input (EOF, Ctrl-D). Blocks. */
    Optional<String> readLine();

    /** Writes one line of output; safe from any thread. */
    void println(String line);

    /** Writes a line that arrived while the user may be typing (incoming gossip). */
    void printAsync(String line);

    /** Gives back what it holds (the terminal's modes, the history file). Idempotent. */
    @Override
    default void close() {
    }

    /**
     * JLine on the process's terminal when stdin and stdout are one, else plain lines from {@code in}
     * to {@code out}.
     *
     * @param history the file JLine keeps typed lines in across runs
     */
    static ConsoleIo system(InputStream in, PrintWriter out, Path history) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            return JLineIo.open(history);
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
}
