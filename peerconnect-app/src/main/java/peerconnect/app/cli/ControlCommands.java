package peerconnect.app.cli;

import peerconnect.app.settings.DataDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import peerconnect.app.control.ControlClient;
import peerconnect.app.control.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect status|peers|lookup|put|get|delete|gossip|search}: the console's commands, sent
 * to the node already running with a data directory through its local control socket. Each command
 * builds the console line it stands for, so the node runs it with the console's own command table and
 * prints what the console prints (the same {@code --json} too).
 */
final class ControlCommands {
    /** How long a client waits for the node: longer than the node's own limit on a command. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(75);

    private ControlCommands() {
    }

    /** The options every control command takes, and the exchange with the node. */
    abstract static class Call implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory of the running node (default: as for run: PEERCONNECT_DATA_DIR, else"
                        + " the platform's place).")
        Path dataDir;

        /**
         * The words after the command's name on its console line: its positional parameters in order, a
         * single one checked to be one word (named by its label), a list of words as they are.
         */
        List<String> arguments() {
            List<String> words = new ArrayList<>();
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.isMultiValue()) {
                    List<String> values = p.getValue();
                    words.addAll(values);
                } else {
                    words.add(word(p.paramLabel(), p.getValue()));
                }
            }
            return words;
        }

        /** The console line this command stands for: its name, then its arguments. */
        String line() {
            List<String> words = new ArrayList<>();
            words.add(spec.name());
            words.addAll(arguments());
            return String.join(" ", words);
        }

        /** {@code value}, checked to be one word: the console line splits its arguments at spaces. */
        String word(String what, String value) {
            if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        what + " must be one word without spaces, got '" + value + "'.");
            }
            return value;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path dir = DataDirectory.resolve(Optional.ofNullable(dataDir), System.getenv(),
                    System.getProperty("os.name", ""), System.getProperty("user.home", "."));
            try {
                int status = new ControlClient(InstantSource.system(), CLIENT_TIMEOUT)
                        .send(dir, line(), out::println, err::println);
                out.flush();
                return status == 0 ? 0 : PeerConnectCli.EXIT_FAILURE;
            } catch (ControlException e) {
                out.flush();
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return PeerConnectCli.EXIT_FAILURE;
            }
        }
    }

    /** A control command with {@code --json}. */
    abstract static class JsonCall extends Call {
        @Option(names = "--json", description = "One JSON object per line instead of text.")
        boolean json;

        @Override
        String line() {
            return json ? super.line() + " --json" : super.line();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows the running node's id, addresses, uptime, discovery state, buckets and counters.")
    static final class Status extends JsonCall {
    }

    @Command(name = "peers", mixinStandardHelpOptions = true,
            description = "Lists the peers in the running node's routing table.")
    static final class Peers extends JsonCall {
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true,
            description = "Asks the DHT, through the running node, for the peers closest to an id.")
    static final class Lookup extends JsonCall {
        @Parameters(index = "0", paramLabel = "ID", description = "A peer id: 40 hex digits.")
        String id;
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Stores a value under a key in the DHT, through the running node.")
    static final class Put extends Call {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key (no spaces).")
        String key;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "VALUE", description = "The value; several words are joined by spaces.")
        List<String> value = new ArrayList<>();
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Fetches the value stored under a key in the DHT, through the running node.")
    static final class Get extends JsonCall {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        String key;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Withdraws a value the running node put; its holders drop it.")
    static final class Delete extends Call {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        String key;
    }

    @Command(name = "gossip", mixinStandardHelpOptions = true,
            description = "Spreads a message to every node by gossip, from the running node.")
    static final class Gossip extends Call {
        @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The message; several words are joined by spaces.")
        List<String> text = new ArrayList<>();
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Finds peers by name (DHT peer lists and gossip), through the running node.")
    static final class Search extends JsonCall {
        @Parameters(index = "0", paramLabel = "NAME", description = "Part of the name.")
        String name;
    }
}
