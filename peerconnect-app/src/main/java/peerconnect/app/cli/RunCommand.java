package peerconnect.app.cli;

import peerconnect.app.console.ControlConsole;
import peerconnect.app.node.SystemScheduler;
import peerconnect.app.settings.SettingsReload;
import peerconnect.app.console.ConsoleIo;
import peerconnect.app.settings.DataDirectory;
import peerconnect.app.logging.Logging;
import peerconnect.app.settings.NetworkKeyFile;
import peerconnect.app.node.NodeCloser;
import peerconnect.app.console.NodeConsole;
import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.PeerNodes;
import peerconnect.app.node.RunningNode;
import peerconnect.app.settings.SettingsException;
import peerconnect.app.settings.SettingsFile;
import peerconnect.app.settings.SettingsResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import peerconnect.app.hooks.EventHooks;
import peerconnect.app.metrics.MetricsException;
import peerconnect.app.metrics.MetricsServer;
import peerconnect.app.control.ControlException;
import peerconnect.app.control.ControlLimits;
import peerconnect.app.control.ControlServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect run}: resolves the settings, sets up logging, starts a node and runs its console
 * (or, with {@code --no-console}, waits for a signal), then closes the node. Exit codes: 0 after
 * {@code quit}, the end of input, SIGINT or SIGTERM; 1 if the node cannot start (port in use, no
 * such interface); 2 for a bad setting or an unreadable settings file.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a node: opens the UDP requests endpoint, discovers peers on the LAN and joins the DHT,"
                + " then reads console commands from stdin (type help).",
                "",
                "Each setting comes from its flag, else the environment variable PEERCONNECT_<KEY> (e.g."
                + " PEERCONNECT_PORT, PEERCONNECT_PEERS=host:port,host:port), else the key in the --config FILE,"
                + " else in peerconnect.properties in the data directory (data-dir (not there), name, port, bind,"
                + " interface, ipv6, group, multicast, peers, network-key-file, console, log-level,"
                + " rate-limit-per-address, rate-limit-per-prefix, rate-limit-global, metrics, on-event, liveness-*),"
                + " else its default.",
                "Without a port the node takes the one it used last, else 19778, else any free one (and says so).",
                "SIGHUP reads the settings again: new peers are joined through, other changes wait for a restart.",
                ""},
        footer = {"",
                "Logs go to logs/peerconnect.log in the data directory; warnings and errors also to stderr.",
                "Exit codes: 0 stopped by quit, end of input, SIGINT or SIGTERM; 1 the node could not start;"
                + " 2 bad command line or setting."})
final class RunCommand implements Callable<Integer> {

    /** What the command takes from the process; tests hand in their own. */
    record Environment(Map<String, String> variables, String osName, String home, InputStream stdin,
                       SettingsResolver.HostResolver resolver, NodeStarter starter,
                       Consumer<Runnable> onStopSignal, boolean installLogging, ControlOpener control,
                       Consumer<Runnable> onReloadSignal) {
        static Environment system() {
            return new Environment(System.getenv(), System.getProperty("os.name", ""),
                    System.getProperty("user.home", "."), System.in, SettingsResolver.HostResolver.system(),
                    NodeStarter.DEFAULT, stop -> {
                        StopSignals.install(stop);
                        Runtime.getRuntime().addShutdownHook(new Thread(stop, "peerconnect-shutdown"));
                    }, true, ControlOpener.DEFAULT, ReloadSignal::install);
        }
    }

    /** Opens the control socket of a started node. */
    @FunctionalInterface
    interface ControlOpener {
        /** The real socket in the data directory, with the console's command table. */
        ControlOpener DEFAULT = (dir, node) -> {
            SystemScheduler deadlines = new SystemScheduler("peerconnect-control");
            try {
                ControlServer server = ControlServer.open(dir,
                        ControlConsole.runner(node, Duration.ofSeconds(15), Duration.ofSeconds(3)),
                        ControlLimits.defaults(), deadlines, Thread.ofVirtual().name("peerconnect-control-", 0).factory());
                return () -> {
                    server.close();
                    deadlines.close();
                };
            } catch (RuntimeException e) {
                deadlines.close();
                throw e;
            }
        };

        /**
         * @return what closes the socket again
         * @throws ControlException if another node runs with the same data directory or the socket
         *                          cannot be made
         */
        Runnable open(Path dataDir, RunningNode node);
    }

    /** Starts a node from its settings. */
    @FunctionalInterface
    interface NodeStarter {
        /** The real node, on UDP. */
        NodeStarter DEFAULT = PeerNodes::start;

        RunningNode start(NodeSettings settings);
    }

    /** The console's history at a terminal, in the data directory: typed lines survive a restart. */
    static final String HISTORY_FILE = "console.history";

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", paramLabel = "N", description = "Name others find this node by (default: none).")
    private String name;

    @Option(names = "--port", paramLabel = "P",
            description = "UDP port of the node (default: the port it used last, else 19778; if taken, any free one).")
    private String port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Local address to listen on (default: ::, every interface, IPv4 and IPv6).")
    private String bind;

    @Option(names = "--interface", paramLabel = "IF",
            description = "Network interface for multicast, by name or address (default: the first one up with an address).")
    private String networkInterface;

    @Option(names = "--ipv6", description = {"Discover on the IPv6 group only (default: IPv4 and IPv6).",
            "Peers accept an announcement only from the address it advertises, so also --bind an IPv6"
                    + " address of the interface: on the default :: the IPv4 address is advertised and only"
                    + " broadcast, --peer and saved contacts remain."})
    private Boolean ipv6;

    @Option(names = "--group", paramLabel = "ADDR:PORT",
            description = "Multicast group for discovery (default: 239.192.80.67:19777 and [ff02::5043]:19777).")
    private String group;

    @Option(names = "--peer", paramLabel = "HOST:PORT",
            description = "A node to join through, besides those found on the LAN; repeatable.")
    private List<String> peers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the peer id, contacts, values and logs are kept (default: PEERCONNECT_DATA_DIR,"
                    + " else ~/.local/share/peerconnect on Linux, ~/Library/Application Support/PeerConnect on macOS,"
                    + " %%LOCALAPPDATA%%\\PeerConnect on Windows).")
    private Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = {"A settings file (the keys of peerconnect.properties, plus data-dir), read before the one"
                    + " in the data directory (default: PEERCONNECT_CONFIG, else none).",
                    "Relative paths in it are taken from its own directory."})
    private Path config;

    @Option(names = "--no-console", description = "Read no commands: run until SIGINT or SIGTERM (key: console=false).")
    private Boolean noConsole;

    @Option(names = "--no-multicast",
            description = "Do not announce by multicast or broadcast; join only through --peer and the contacts of the last run.")
    private Boolean noMulticast;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "Level of the log file: trace, debug, info, warn, error or off (default: info).")
    private String logLevel;

    @Option(names = "--network-key-file", paramLabel = "FILE",
            description = {"Seal every datagram with the network key in FILE (64 hex digits on one line);",
                    "only nodes with the same key can talk to this one (default: no key, datagrams in clear)."})
    private Path networkKeyFile;

    @Option(names = "--rate-limit-per-address", paramLabel = "RATE[/BURST]",
            description = "Datagrams per second heard from one address, burst twice that unless given;"
                    + " off for none (default: 5000/10000).")
    private String rateLimitPerAddress;

    @Option(names = "--rate-limit-per-prefix", paramLabel = "RATE[/BURST]",
            description = "The same per /24 (IPv4) or /64 (IPv6) (default: 20000/40000).")
    private String rateLimitPerPrefix;

    @Option(names = "--rate-limit-global", paramLabel = "RATE[/BURST]",
            description = "The same for all sources together (default: 50000/100000).")
    private String rateLimitGlobal;

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT",
            description = {"Serve every counter and the round-trip and lookup-time histograms in the Prometheus"
                    + " text format at http://HOST:PORT/metrics; a bare PORT listens on 127.0.0.1 only"
                    + " (default: no metrics endpoint)."})
    private String metrics;

    @Option(names = "--on-event", paramLabel = "EVENTS=COMMAND",
            description = {"Run COMMAND (with /bin/sh -c) for each event of EVENTS: join, leave, gossip, comma"
                    + " separated; repeatable. The event is in PEERCONNECT_EVENT, PEERCONNECT_NODE_ID,"
                    + " PEERCONNECT_PEER_ID, PEERCONNECT_PEER_ADDRESS (join, leave), PEERCONNECT_GOSSIP_ID and"
                    + " PEERCONNECT_GOSSIP_ORIGIN (gossip); stdin has the peer as 'ID ADDRESS' or the rumor's text."
                    + " Two run at once, 64 wait, each is killed after 10 s; output goes to logs/hooks.log."})
    private List<String> onEvent;

    @Mixin private LivenessOptions liveness = new LivenessOptions();

    /** The variable that names a {@code --config} file. */
    static final String CONFIG_ENV = "PEERCONNECT_CONFIG";

    private final Environment environment;

    RunCommand() {
        this(Environment.system());
    }

    RunCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = environment.variables();
        Path dir;
        SettingsResolver.RunSettings settings;
        try {
            Optional<SettingsResolver.FileLayer> configFile = configFile(env);
            dir = dataDir != null ? dataDir : SettingsResolver.dataDir(env, configFile).orElseGet(() ->
                    DataDirectory.resolve(Optional.empty(), env, environment.osName(), environment.home()));
            settings = settings(env, configFile, dir);
        } catch (SettingsException e) {
            err.println(e.getMessage());
            return CliErrors.EXIT_USAGE;
        }
        if (environment.installLogging()) {
            Logging.installForRun(dir.resolve("logs"), settings.logLevel());
        }
        if (ControlServer.nodeRunsIn(dir)) {
            err.println(spec.qualifiedName() + ": another node is running with data directory " + dir
                    + "; give this one its own --data-dir (PEERCONNECT_DATA_DIR), or ask that one: peerconnect status"
                    + " --data-dir " + dir + ".");
            return PeerConnectCli.EXIT_FAILURE;
        }
        RunningNode node;
        try {
            node = NodeLaunch.start(settings, environment.starter(), line -> {
                spec.commandLine().getOut().println(line);
                spec.commandLine().getOut().flush();
            });
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RunCommand.class).debug("node did not start", e);
            err.println(spec.qualifiedName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return PeerConnectCli.EXIT_FAILURE;
        }
        Optional<MetricsServer> metricsServer;
        try {
            metricsServer = settings.metrics().map(address -> NodeServices.serveMetrics(address, node));
        } catch (MetricsException e) {
            node.close();
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return PeerConnectCli.EXIT_FAILURE;
        }
        Runnable closeControl;
        try {
            closeControl = environment.control().open(dir, node);
        } catch (ControlException e) {
            metricsServer.ifPresent(MetricsServer::close);
            node.close();
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return PeerConnectCli.EXIT_FAILURE;
        }
        Optional<EventHooks> hooks = settings.hooks().isEmpty() ? Optional.empty()
                : Optional.of(NodeServices.startHooks(settings.hooks(), node, dir));
        NodeCloser closer = new NodeCloser(() -> {
            closeControl.run();
            node.close();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        environment.onStopSignal().accept(() -> {
            closer.close();
            stopped.countDown();
        });

        SettingsResolver.RunSettings started = settings;
        Path settingsDir = dir;
        environment.onReloadSignal().accept(() -> reload(started, settingsDir, node));

        PrintWriter out = spec.commandLine().getOut();
        metricsServer.ifPresent(m -> out.println("metrics at http://" + NodeServices.hostPort(m.address()) + "/metrics"));
        String self = node.self().contact().id().toHex() + " at " + node.self().contact().address()
                + (node.self().name().isEmpty() ? "" : " named '" + node.self().name() + "'");
        try {
            if (!settings.console()) {
                out.println("peerconnect node " + self + " is running; stop it with Ctrl-C or SIGTERM.");
                out.flush();
                stopped.await();
            } else {
                try (ConsoleIo io = ConsoleIo.system(environment.stdin(), out, dir.resolve(HISTORY_FILE))) {
                    io.println("peerconnect node " + self + "; type help for the commands.");
                    new NodeConsole(node, io, Duration.ofSeconds(15), Duration.ofSeconds(3)).run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hooks.ifPresent(EventHooks::close);
            metricsServer.ifPresent(MetricsServer::close);
            closer.close();
        }
        return 0;
    }

    /**
     * SIGHUP: reads the settings again (same flags and environment, the files as they are now), joins
     * through peers added since the start and logs, on one line, what needs a restart instead.
     */
    private void reload(SettingsResolver.RunSettings started, Path dir, RunningNode node) {
        org.slf4j.Logger log = LoggerFactory.getLogger(RunCommand.class);
        SettingsResolver.RunSettings now;
        try {
            now = settings(environment.variables(), configFile(environment.variables()), dir);
        } catch (SettingsException e) {
            log.warn("SIGHUP: settings not reloaded: {}", e.getMessage());
            return;
        }
        SettingsReload.Plan plan = SettingsReload.plan(started, now);
        if (!plan.joinThrough().isEmpty()) {
            node.dht().bootstrap(plan.joinThrough());
        }
        log.info("SIGHUP: settings reloaded; joining through new peers {}; changed but applied only at the next start: {}",
                plan.joinThrough(), plan.needRestart().isEmpty() ? "none" : String.join(", ", plan.needRestart()));
    }

    /** The {@code --config} file ({@code PEERCONNECT_CONFIG}), which must exist when it is named. */
    private Optional<SettingsResolver.FileLayer> configFile(Map<String, String> env) {
        Optional<Path> path = Optional.ofNullable(config).or(() -> Optional.ofNullable(env.get(CONFIG_ENV))
                .filter(v -> !v.isBlank()).map(Path::of));
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path file = path.get();
        String where = config != null ? "--config " + file : CONFIG_ENV + " " + file;
        if (!Files.isRegularFile(file)) {
            throw new SettingsException(where + ": no such file.");
        }
        Path base = file.toAbsolutePath().getParent();
        return Optional.of(new SettingsResolver.FileLayer(file.toString(), base, SettingsFile.read(file), false));
    }

    /** Flags over environment over {@code --config} over the data directory's file over defaults. */
    private SettingsResolver.RunSettings settings(Map<String, String> env,
                                                  Optional<SettingsResolver.FileLayer> configFile, Path dir) {
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new SettingsException("data directory " + dir + " cannot be created (" + e + ").");
        }
        Path file = dir.resolve(SettingsFile.NAME);
        List<SettingsResolver.FileLayer> files = new java.util.ArrayList<>();
        configFile.ifPresent(files::add);
        files.add(new SettingsResolver.FileLayer(file.toString(), dir, SettingsFile.read(file), true));
        return SettingsResolver.resolve(flags(), env, files, dir, environment.resolver());
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        put(flags, "name", name);
        put(flags, "port", port);
        put(flags, "bind", bind);
        put(flags, "interface", networkInterface);
        put(flags, "ipv6", ipv6 == null ? null : ipv6.toString());
        put(flags, "group", group);
        put(flags, "multicast", noMulticast == null ? null : String.valueOf(!noMulticast));
        put(flags, "peers", peers == null ? null : String.join(",", peers));
        put(flags, "log-level", logLevel);
        put(flags, "rate-limit-per-address", rateLimitPerAddress);
        put(flags, "rate-limit-per-prefix", rateLimitPerPrefix);
        put(flags, "rate-limit-global", rateLimitGlobal);
        put(flags, "metrics", metrics);
        put(flags, "on-event", onEvent == null ? null : String.join("\n", onEvent));
        put(flags, "network-key-file", networkKeyFile == null ? null : networkKeyFile.toString());
        put(flags, "console", noConsole == null ? null : String.valueOf(!noConsole));
        liveness.putInto(flags);
        return flags;
    }

    static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
