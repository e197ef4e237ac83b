package peerconnect.app.settings;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import peerconnect.app.hooks.EventHook;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RateLimit;
import peerconnect.domain.RateLimiterSettings;

/**
 * Layers the settings of {@code run}: command-line flags over {@code PEERCONNECT_*} environment
 * variables over {@code peerconnect.properties} in the data directory over defaults. Every layer is
 * a map from the setting's key ({@link #KEYS}) to its text; a bad value is reported with the place
 * it came from ({@code --port}, {@code PEERCONNECT_PORT}, {@code peerconnect.properties: port}). Pure:
 * the layers and the host-name resolver are handed in.
 */
public final class SettingsResolver {
    /** Keys of the settings files; the flag is in {@link SettingsTable}, the variable {@code PEERCONNECT_KEY}. */
    static final Set<String> KEYS = SettingsTable.KEYS;

    /** Resolves host names of {@code --peer} and {@code --bind}; the app uses DNS, tests a table. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress resolve(String host) throws UnknownHostException;

        static HostResolver system() {
            return InetAddress::getByName;
        }
    }

    /**
     * Run settings: the node's, the log level, and what only {@code run} itself uses.
     *
     * @param portGiven whether the port was set (flag, environment or file); if not, {@code run} picks
     *                  the port the node used last, else the default, and falls back to any free one
     * @param console   whether {@code run} reads console commands ({@code --no-console} turns it off)
     * @param metrics   where to serve metrics (none unless asked for)
     * @param hooks     the commands to run on events ({@code --on-event}, none unless asked for)
     */
    public record RunSettings(NodeSettings node, LogLevel logLevel, boolean portGiven, boolean console,
                              Optional<InetSocketAddress> metrics, List<EventHook> hooks) {
        /** Copies the hooks. */
        public RunSettings {
            hooks = List.copyOf(hooks);
        }

        /** Settings with a given port, the console on, no metrics and no hooks. */
        public RunSettings(NodeSettings node, LogLevel logLevel) {
            this(node, logLevel, true, true, Optional.empty(), List.of());
        }

        /** The same with other node settings. */
        public RunSettings withNode(NodeSettings other) {
            return new RunSettings(other, logLevel, portGiven, console, metrics, hooks);
        }
    }

    /**
     * One settings file's entries.
     *
     * @param name    how messages name the file
     * @param base    the directory that relative paths in the file are taken from
     * @param entries the file's entries
     * @param isDataDirFile whether it is the file in the data directory (which cannot set {@code data-dir})
     */
    public record FileLayer(String name, Path base, Map<String, String> entries, boolean isDataDirFile) {
    }

    /** Log levels {@code --log-level} accepts, lowest first. */
    public enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR, OFF;

        public String tinylogName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A value and where it came from; {@code base} resolves a relative path given in a file. */
    record Found(String where, String value, Path base) {
    }

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final List<FileLayer> files;
    private final HostResolver resolver;

    private SettingsResolver(Map<String, String> flags, Map<String, String> env, List<FileLayer> files,
                             HostResolver resolver) {
        this.flags = flags;
        this.env = env;
        this.files = files;
        this.resolver = resolver;
    }

    /**
     * @param flags    values given on the command line, by key (several {@code --peer} joined by commas,
     *                 {@code --no-multicast} as {@code multicast=false})
     * @param env      the process environment (only {@code PEERCONNECT_*} variables are read)
     * @param file     the properties file's entries, empty if there is none
     * @param fileName how to name the file in messages
     * @param dataDir  the resolved data directory
     * @throws SettingsException naming the first bad value and where it came from, or an unknown key
     *                           of the file
     */
    public static RunSettings resolve(Map<String, String> flags, Map<String, String> env, Map<String, String> file,
                                      String fileName, Path dataDir, HostResolver resolver) {
        return resolve(flags, env, List.of(new FileLayer(fileName, dataDir, file, true)), dataDir, resolver);
    }

    /**
     * As above with several files, the first one winning: {@code --config FILE}, then the file in the
     * data directory.
     */
    public static RunSettings resolve(Map<String, String> flags, Map<String, String> env, List<FileLayer> files,
                                      Path dataDir, HostResolver resolver) {
        for (FileLayer layer : files) {
            Set<String> unknown = new TreeSet<>(layer.entries().keySet());
            unknown.removeAll(KEYS);
            if (!unknown.isEmpty()) {
                throw new SettingsException(layer.name() + ": unknown key '" + unknown.iterator().next()
                        + "' (known keys: " + String.join(", ", new TreeSet<>(KEYS)) + ").");
            }
            if (layer.isDataDirFile() && layer.entries().containsKey("data-dir")) {
                throw new SettingsException(layer.name() + ": data-dir cannot be set in the data directory's own"
                        + " file; set it in --config FILE, PEERCONNECT_DATA_DIR or --data-dir.");
            }
        }
        return new SettingsResolver(flags, env, files, resolver).resolve(dataDir);
    }

    /**
     * The data directory a {@code --config} file or the environment names, if any, before the data
     * directory's own file is read (it lives there). A relative path is taken from the config file's
     * directory.
     */
    public static Optional<Path> dataDir(Map<String, String> env, Optional<FileLayer> config) {
        String variable = envName("data-dir");
        if (env.containsKey(variable) && !env.get(variable).isBlank()) {
            return Optional.of(Path.of(env.get(variable)));
        }
        return config.filter(c -> c.entries().containsKey("data-dir"))
                .map(c -> c.base().resolve(c.entries().get("data-dir").strip()));
    }

    static String envName(String key) {
        return "PEERCONNECT_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private RunSettings resolve(Path dataDir) {
        String name = find("name").map(Found::value).orElse("");
        Optional<Found> portFound = find("port");
        int port = portFound.map(this::port).orElse(0);
        InetAddress bind = find("bind").map(this::bind).orElseGet(SettingsResolver::wildcard);
        String networkInterface = find("interface").map(Found::value).orElse("");
        boolean ipv6 = find("ipv6").map(this::bool).orElse(false);
        Optional<NodeAddress> group = find("group").map(this::group);
        boolean multicast = find("multicast").map(this::bool).orElse(true);
        List<NodeAddress> peers = find("peers").map(this::peers).orElse(List.of());
        LogLevel level = find("log-level").map(this::level).orElse(LogLevel.INFO);
        boolean console = find("console").map(this::bool).orElse(true);
        RateLimiterSettings limits = RateLimiterSettings.defaults();
        limits = limits.withPerAddress(find("rate-limit-per-address").map(this::rateLimit).orElse(limits.perAddress()));
        limits = limits.withPerPrefix(find("rate-limit-per-prefix").map(this::rateLimit).orElse(limits.perPrefix()));
        limits = limits.withGlobal(find("rate-limit-global").map(this::rateLimit).orElse(limits.global()));
        NodeSettings node = new NodeSettings(name, bind, port, networkInterface, ipv6, group, multicast, peers,
                dataDir).withRateLimits(limits).withLiveness(LivenessSettings.read(this::find));
        Optional<Found> keyFile = find("network-key-file").filter(f -> !f.value().isBlank());
        if (keyFile.isPresent()) {
            Found f = keyFile.get();
            node = node.withNetworkKey(NetworkKeyFile.read(f.where(), f.base().resolve(f.value().strip())));
        }
        Optional<InetSocketAddress> metrics = find("metrics").map(this::metrics);
        List<EventHook> hooks = find("on-event").map(this::hooks).orElse(List.of());
        return new RunSettings(node, level, portFound.isPresent(), console, metrics, hooks);
    }

    private Optional<Found> find(String key) {
        Path here = Path.of("");
        if (flags.containsKey(key)) {
            return Optional.of(new Found(flagName(key), flags.get(key), here));
        }
        String variable = envName(key);
        if (env.containsKey(variable)) {
            return Optional.of(new Found(variable, env.get(variable), here));
        }
        for (FileLayer layer : files) {
            if (layer.entries().containsKey(key)) {
                return Optional.of(new Found(layer.name() + ": " + key, layer.entries().get(key).strip(), layer.base()));
            }
        }
        return Optional.empty();
    }

    private static String flagName(String key) {
        return SettingsTable.flag(key);
    }

    private int port(Found found) {
        try {
            int port = Integer.parseInt(found.value().strip());
            if (port >= 0 && port <= 0xffff) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(found, "is not a port number (0 to 65535)");
    }

    private boolean bool(Found found) {
        return switch (found.value().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(found, "is not true or false");
        };
    }

    private InetAddress bind(Found found) {
        String host = found.value().strip();
        try {
            return resolver.resolve(host.startsWith("[") && host.endsWith("]")
                    ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw bad(found, "is not an address of this host");
        }
    }

    private NodeAddress group(Found found) {
        NodeAddress group;
        try {
            group = NodeAddress.parse(found.value().strip());
        } catch (IllegalArgumentException e) {
            throw bad(found, "is not a multicast group ADDRESS:PORT");
        }
        if (!group.isMulticast() || group.port() == 0) {
            throw bad(found, "is not a multicast group ADDRESS:PORT");
        }
        return group;
    }

    private List<NodeAddress> peers(Found found) {
        List<NodeAddress> peers = new ArrayList<>();
        for (String part : found.value().split(",")) {
            if (!part.isBlank()) {
                peers.add(peer(found, part.strip()));
            }
        }
        return List.copyOf(peers);
    }

    private NodeAddress peer(Found found, String text) {
        return hostPort(found.where(), text, resolver);
    }

    /**
     * Parses {@code HOST:PORT} ({@code [IPv6]:PORT} for an IPv6 literal) and resolves the host.
     *
     * @param where how to name the source of {@code text} in the message
     * @throws SettingsException in one sentence if it is not HOST:PORT or the host is unknown
     */
    public static NodeAddress hostPort(String where, String text, HostResolver resolver) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = ""; // an IPv6 address without brackets: its port cannot be told apart
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 0xffff) {
            throw new SettingsException(where + ": '" + text + "' is not HOST:PORT (IPv6 as [ADDRESS]:PORT).");
        }
        try {
            return new NodeAddress(resolver.resolve(host), port);
        } catch (UnknownHostException e) {
            throw new SettingsException(where + ": unknown host '" + host + "'.");
        }
    }

    /**
     * {@code RATE} or {@code RATE/BURST} in datagrams per second, or {@code off} (also {@code 0}) for
     * no limit. Without a burst it is twice the rate, as in the defaults: a second's quiet lets a peer
     * catch up on two seconds' worth.
     */
    private RateLimit rateLimit(Found found) {
        String text = found.value().strip().toLowerCase(Locale.ROOT);
        if (text.equals("off") || text.equals("0")) {
            return RateLimit.unlimited();
        }
        int slash = text.indexOf('/');
        try {
            long rate = Long.parseLong(slash < 0 ? text : text.substring(0, slash));
            long burst = slash < 0 ? Math.min(RateLimit.MAX, 2 * rate) : Long.parseLong(text.substring(slash + 1));
            if (rate >= 1 && rate <= RateLimit.MAX && burst >= 1 && burst <= RateLimit.MAX) {
                return new RateLimit(rate, burst);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(found, "is not a rate limit: RATE or RATE/BURST datagrams per second (1 to " + RateLimit.MAX
                + "), or off");
    }

    /**
     * {@code HOST:PORT} ({@code [IPv6]:PORT}), or a bare {@code PORT} on the loopback address: the
     * counters say much about the node and its peers, so they stay on this host unless told otherwise.
     * Port 0 lets the system choose (the run command prints the address).
     */
    private InetSocketAddress metrics(Found found) {
        String text = found.value().strip();
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw bad(found, "is not HOST:PORT or PORT (IPv6 as [ADDRESS]:PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 0xffff || (colon >= 0 && host.isEmpty())) {
            throw bad(found, "is not HOST:PORT or PORT (IPv6 as [ADDRESS]:PORT)");
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        try {
            return new InetSocketAddress(resolver.resolve(host), port);
        } catch (UnknownHostException e) {
            throw bad(found, "names an unknown host");
        }
    }

    /**
     * One {@code EVENTS=COMMAND} per line: flags give one line per {@code --on-event}; the variable and
     * the file, whose values are single lines, one hook.
     */
    private List<EventHook> hooks(Found found) {
        List<EventHook> hooks = new ArrayList<>();
        for (String line : found.value().split("\n")) {
            if (!line.isBlank()) {
                try {
                    hooks.add(EventHook.parse(line.strip()));
                } catch (IllegalArgumentException e) {
                    throw new SettingsException(found.where() + ": '" + line.strip() + "' " + e.getMessage() + ".");
                }
            }
        }
        return List.copyOf(hooks);
    }

    private LogLevel level(Found found) {
        try {
            return LogLevel.valueOf(found.value().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(found, "is not a log level (trace, debug, info, warn, error, off)");
        }
    }

    static SettingsException bad(Found found, String what) {
        return new SettingsException(found.where() + ": '" + found.value() + "' " + what + ".");
    }

    private static InetAddress wildcard() {
        try {
            // Dual-stack on Linux: one socket for IPv4 and IPv6 peers.
            return InetAddress.getByName("::");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
