package peerconnect.app.cli;

import peerconnect.app.settings.NetworkKeyFile;
import peerconnect.app.console.JsonLine;
import peerconnect.app.settings.SettingsException;
import peerconnect.app.settings.SettingsResolver;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect ping HOST:PORT}: sends Kademlia PINGs from a temporary endpoint, one after the
 * other, and prints each round-trip time and the id the node answered with.
 */
@Command(name = "ping", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends Kademlia PINGs to a node and prints the round-trip time and the node's peer id.",
        footer = {"", "Exit codes: 0 some PING was answered; 1 none was (or the socket could not be opened);"
                + " 2 bad command line."})
final class PingCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The node's address, e.g. 192.168.1.20:40000 or [fe80::1%%eth0]:40000.")
    private String target;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many PINGs to send, one after the other (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--timeout", paramLabel = "T", defaultValue = "2", description = "Seconds to wait for each answer (default: ${DEFAULT-VALUE}).")
    private double timeoutSeconds;

    @Option(names = "--network-key-file", paramLabel = "FILE",
            description = "Seal the datagrams with the network key in FILE, to reach the nodes of a network that uses"
                    + " one (default: no key).")
    private java.nio.file.Path networkKeyFile;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    private final SettingsResolver.HostResolver resolver;

    PingCommand() {
        this(SettingsResolver.HostResolver.system());
    }

    PingCommand(SettingsResolver.HostResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (count < 1 || count > 1000) {
            throw new ParameterException(spec.commandLine(), "--count: '" + count + "' is not between 1 and 1000.");
        }
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 60)) {
            throw new ParameterException(spec.commandLine(), "--timeout: '" + timeoutSeconds + "' is not between 0 and 60 seconds.");
        }
        NodeAddress address;
        try {
            address = SettingsResolver.hostPort(spec.qualifiedName(), target, resolver);
        } catch (SettingsException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));
        PrintWriter out = spec.commandLine().getOut();
        List<Double> rtts = new ArrayList<>();
        Optional<PeerId> id = Optional.empty();
        try (OneShotEndpoint endpoint = new OneShotEndpoint("", networkKey())) {
            endpoint.start();
            for (int i = 1; i <= count; i++) {
                long sent = System.nanoTime();
                try {
                    PeerId answered = KademliaNodes.ping(endpoint.dispatcher, address, timeout)
                            .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                    double millis = (System.nanoTime() - sent) / 1e6;
                    rtts.add(millis);
                    id = Optional.of(answered);
                    if (!json) {
                        out.printf(Locale.ROOT, "reply from %s: id %s time=%.3f ms%n", address, answered.toHex(), millis);
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (!json) {
                        out.println("no reply from " + address + " within " + seconds(timeout) + " s");
                    }
                }
                out.flush();
            }
        }
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("address", address.toString());
            fields.put("id", id.map(PeerId::toHex).orElse(null));
            fields.put("sent", count);
            fields.put("answered", rtts.size());
            fields.put("rttMillis", rtts);
            out.println(JsonLine.of(fields));
        } else if (!rtts.isEmpty()) {
            List<Double> sorted = rtts.stream().sorted().toList();
            out.printf(Locale.ROOT, "%d sent, %d answered, rtt min/median/max = %.3f/%.3f/%.3f ms%n", count, rtts.size(),
                    sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        }
        out.flush();
        if (rtts.isEmpty()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": no answer from " + address + " within "
                    + seconds(timeout) + " s.");
            return PeerConnectCli.EXIT_FAILURE;
        }
        return 0;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3g", d.toNanos() / 1e9).replaceAll("\\.?0+$", "");
    }

    /** The key of {@code --network-key-file}, read; a bad file is a usage error in one sentence. */
    private Optional<peerconnect.domain.NetworkKey> networkKey() {
        if (networkKeyFile == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetworkKeyFile.read(networkKeyFile));
        } catch (SettingsException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
