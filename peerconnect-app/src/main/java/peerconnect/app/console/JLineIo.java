package peerconnect.app.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A person at a terminal, through JLine: a prompt with line editing; Tab completes the command
 * words (and {@code --json} after the commands that take it); history is kept in a file of the data
 * directory across runs; Ctrl-C drops the line being typed and prompts again; Ctrl-D on an empty line
 * is the end of input. Lines from other threads (incoming gossip) are printed above the prompt with
 * {@link LineReader#printAbove}, which redraws the prompt and whatever was typed so far, untouched.
 */
final class JLineIo implements ConsoleIo {
    static final String PROMPT = "peerconnect> ";

    private final Terminal terminal;
    private final LineReader reader;

    private JLineIo(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    /**
     * The process's own terminal.
     *
     * @param history where typed lines are kept between runs (created on the first line)
     * @throws UncheckedIOException if the terminal cannot be opened
     */
    static JLineIo open(Path history) {
        try {
            // signal(INT) is left to the JVM while no line is read (a running command is stopped as
            // the whole node is, by SIGINT); at the prompt the reader has the terminal raw and reads
            // Ctrl-C as a key.
            return on(TerminalBuilder.builder().system(true).name("peerconnect").build(), history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /** The console on {@code terminal} (tests hand in one on streams of their own). */
    static JLineIo on(Terminal terminal, Path history) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("peerconnect")
                .completer(new CommandCompleter())
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 1000)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        return new JLineIo(terminal, reader);
    }

    @Override
    public Optional<String> readLine() {
        while (true) {
            try {
                return Optional.of(reader.readLine(PROMPT));
            } catch (UserInterruptException e) {
                // Ctrl-C: the line typed so far is dropped; a new prompt, the node keeps running.
                continue;
            } catch (EndOfFileException e) {
                return Optional.empty();
            }
        }
    }

    @Override
    public void println(String line) {
        synchronized (terminal) {
            terminal.writer().println(line);
            terminal.writer().flush();
        }
    }

    @Override
    public void printAsync(String line) {
        // Safe from any thread: above the prompt while a line is being read, else a plain line.
        reader.printAbove(line);
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // Losing the last lines of history is no reason to fail the node's stop.
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // The terminal goes away with the process anyway.
        }
    }

    /** The first word: a command of {@link ConsoleParser#HELP}; after those that take it, {@code --json}. */
    static final class CommandCompleter implements Completer {
        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            if (line.wordIndex() == 0) {
                for (String command : ConsoleParser.commandWords()) {
                    candidates.add(new Candidate(command));
                }
            } else if (ConsoleParser.takesJson(line.words().get(0))) {
                candidates.add(new Candidate("--json"));
            }
        }
    }
}
