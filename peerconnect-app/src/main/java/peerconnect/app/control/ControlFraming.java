package peerconnect.app.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exchange on the control socket, as pure functions. The client sends one request line (UTF-8,
 * ended by {@code \n}): a console command such as {@code peers --json}. The node answers with lines,
 * each tagged by its first character, and closes:
 * <ul>
 *   <li>{@code |text}: a line of the command's output (stdout);</li>
 *   <li>{@code !text}: a refusal or an error of the socket itself (stderr);</li>
 *   <li>{@code =N}: the end, with the exit status N (0 success, 1 failure); nothing follows.</li>
 * </ul>
 * A reply that ends without {@code =N} was cut off (the node stopped, or the command ran out of time).
 */
public final class ControlFraming {
    /** Tag of an output line. */
    static final char OUTPUT = '|';
    /** Tag of an error line. */
    static final char ERROR = '!';
    /** Tag of the last line, the exit status. */
    static final char END = '=';

    private ControlFraming() {
    }

    /** One reply line, parsed. */
    sealed interface Reply {
        /** A line of the command's output. */
        record Output(String text) implements Reply {
        }

        /** A refusal or socket error, for stderr. */
        record Error(String text) implements Reply {
        }

        /** The end of the reply and the exit status. */
        record End(int status) implements Reply {
        }

        /** A line that follows none of the tags: the node speaks another version. */
        record Garbled(String line) implements Reply {
        }
    }

    /** The framed lines of {@code text}: one per line it holds, so that no output line can fake a tag. */
    static List<String> output(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            lines.add(OUTPUT + line);
        }
        return lines;
    }

    /** The framed error line of {@code text}, folded onto one line. */
    static String error(String text) {
        return ERROR + text.replace('\n', ' ').replace('\r', ' ');
    }

    /** The last line, with the exit status. */
    static String end(boolean ok) {
        return END + (ok ? "0" : "1");
    }

    /** Parses one reply line. Total: any text gives a {@link Reply}. */
    static Reply parse(String line) {
        if (line.isEmpty()) {
            return new Reply.Garbled(line);
        }
        String rest = line.substring(1);
        return switch (line.charAt(0)) {
            case OUTPUT -> new Reply.Output(rest);
            case ERROR -> new Reply.Error(rest);
            case END -> status(rest).<Reply>map(Reply.End::new).orElseGet(() -> new Reply.Garbled(line));
            default -> new Reply.Garbled(line);
        };
    }

    private static Optional<Integer> status(String text) {
        return switch (text) {
            case "0" -> Optional.of(0);
            case "1" -> Optional.of(1);
            default -> Optional.empty();
        };
    }
}
