package peerconnect.app.console;

import java.util.List;
import java.util.regex.Pattern;
import peerconnect.domain.PeerId;

/**
 * Parses console lines: a command word, then arguments separated by spaces. {@code put} takes the
 * rest of the line as the value and {@code gossip} the whole rest as its text, so neither needs quotes.
 * Query commands take {@code --json} anywhere after the command word.
 */
public final class ConsoleParser {
    /** The help text, one line per command, as {@code help} prints it. */
    public static final List<String> HELP = List.of(
            "peers [--json]            peers in the routing table",
            "lookup <id> [--json]      the peers closest to a 40-hex-digit id",
            "put <key> <value>         store a value in the DHT (the value is the rest of the line)",
            "get <key> [--json]        fetch the value stored under a key",
            "delete <key>              withdraw a value this node put (its holders drop it)",
            "gossip <text>             send a message to every node",
            "search <name> [--json]    find peers whose name contains <name>",
            "status [--json]           peer id, addresses, bootstrap state, buckets, counters",
            "help                      this list",
            "quit                      stop the node and exit");

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final String JSON = "--json";

    private ConsoleParser() {
    }

    static ConsoleCommand parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return new ConsoleCommand.Nothing();
        }
        String[] split = SPACES.split(trimmed, 2);
        String word = split[0];
        String rest = split.length > 1 ? split[1].strip() : "";
        return switch (word) {
            case "peers" -> noArguments(word, rest, ConsoleCommand.Peers::new);
            case "status" -> noArguments(word, rest, ConsoleCommand.Status::new);
            case "help", "?" -> rest.isEmpty() ? new ConsoleCommand.Help() : tooMany(word);
            case "quit", "exit" -> rest.isEmpty() ? new ConsoleCommand.Quit() : tooMany(word);
            case "lookup" -> oneArgument(word, rest, "<id>", (id, json) -> {
                try {
                    return new ConsoleCommand.Lookup(PeerId.fromHex(id), json);
                } catch (IllegalArgumentException e) {
                    return new ConsoleCommand.Invalid("lookup: '" + id + "' is not a peer id (40 hex digits).");
                }
            });
            case "get" -> oneArgument(word, rest, "<key>", ConsoleCommand.Get::new);
            case "search" -> oneArgument(word, rest, "<name>", ConsoleCommand.Search::new);
            case "put" -> put(rest);
            case "delete" -> rest.isEmpty() || SPACES.split(rest).length > 1
                    ? new ConsoleCommand.Invalid("delete: expected delete <key>.")
                    : new ConsoleCommand.Delete(rest);
            case "gossip" -> rest.isEmpty()
                    ? new ConsoleCommand.Invalid("gossip: missing <text>.")
                    : new ConsoleCommand.Gossip(rest);
            default -> new ConsoleCommand.Invalid("unknown command '" + word + "'; type help for the list.");
        };
    }

    private static ConsoleCommand put(String rest) {
        String[] keyAndValue = SPACES.split(rest, 2);
        if (rest.isEmpty() || keyAndValue.length < 2) {
            return new ConsoleCommand.Invalid("put: expected put <key> <value>.");
        }
        return new ConsoleCommand.Put(keyAndValue[0], keyAndValue[1].strip());
    }

    private interface JsonCommand {
        ConsoleCommand make(boolean json);
    }

    private interface ArgumentCommand {
        ConsoleCommand make(String argument, boolean json);
    }

    private static ConsoleCommand noArguments(String word, String rest, JsonCommand command) {
        return switch (rest) {
            case "" -> command.make(false);
            case JSON -> command.make(true);
            default -> tooMany(word);
        };
    }

    private static ConsoleCommand oneArgument(String word, String rest, String what, ArgumentCommand command) {
        List<String> words = rest.isEmpty() ? List.of() : List.of(SPACES.split(rest));
        boolean json = words.contains(JSON);
        List<String> arguments = words.stream().filter(w -> !w.equals(JSON)).toList();
        if (arguments.isEmpty()) {
            return new ConsoleCommand.Invalid(word + ": missing " + what + ".");
        }
        if (arguments.size() > 1) {
            return tooMany(word);
        }
        return command.make(arguments.get(0), json);
    }

    private static ConsoleCommand tooMany(String word) {
        return new ConsoleCommand.Invalid(word + ": too many arguments; type help for its usage.");
    }
}
