package peerconnect.app.cli;

import peerconnect.app.settings.SettingsException;
import peerconnect.app.settings.NetworkKeyFile;
import peerconnect.app.console.JsonLine;

import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpEndpointException;
import peerconnect.domain.DiscoveryAuthenticator;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.Message;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RootCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect discover}: asks the LAN who is there, as a starting node does, once a second on both
 * families: NETWORK_FIND to the IPv4 discovery group and by IPv4 broadcast from one endpoint, and to the
 * IPv6 group from a second endpoint bound to an IPv6 address of the interface (a node accepts a find
 * only from the address it advertises, and answers to it, so each family needs a source address of its
 * own). Each find is signed with that endpoint's throwaway node key. Lists the nodes that answer with a
 * NETWORK_FIND_REPLY that checks out (signed by the key of its peer id, fresh, answering one of our
 * finds), each peer once with every address it answered from. A family the interface cannot use (no
 * address of it, or its multicast send fails) is skipped, saying why on stderr. Joins nothing and stores
 * nothing.
 */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the nodes on the LAN that answer a discovery request within S seconds (IPv4 multicast"
                + " group and broadcast, and the IPv6 group from an IPv6 address of the interface): each peer id once,"
                + " with the addresses it answered from.",
                "A node answers on IPv6 only if it advertises an IPv6 address (run --ipv6 --bind ADDR); a family the"
                        + " interface cannot use is skipped, saying why."},
        footer = {"", "Exit codes: 0 some node answered; 1 none did (or no socket could be opened);"
                + " 2 bad command line."})
final class DiscoverCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2", description = "How long to listen for answers (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--group", paramLabel = "ADDR:PORT", description = "IPv4 discovery group (default: 239.192.80.67:19777).")
    private String group;

    @Option(names = "--group6", paramLabel = "[ADDR]:PORT", description = "IPv6 discovery group (default: [ff02::5043]:19777).")
    private String group6;

    @Option(names = "--interface", paramLabel = "IF", description = "Interface to ask on, by name or address (default: as run chooses).")
    private String networkInterface;

    @Option(names = "--network-key-file", paramLabel = "FILE",
            description = "Seal the datagrams with the network key in FILE, to reach the nodes of a network that uses"
                    + " one (default: no key).")
    private java.nio.file.Path networkKeyFile;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    /** One family's asking: its endpoint, the signer of its finds, where they go and the address they advertise. */
    private record Asker(String family, OneShotEndpoint endpoint, DiscoveryAuthenticator authenticator,
                         NodeAddress advertised, List<NodeAddress> targets) {
        /** Sends one round of finds; false (and why, on {@code err}) if the family cannot be used. */
        boolean ask(PrintWriter err, String command) {
            try {
                for (NodeAddress to : targets) {
                    // Signed per datagram: each gets its own timestamp, so none looks like a replay of another.
                    endpoint.dispatcher.send(to, RootCode.DISCOVERY, DiscoveryCodec.NETWORK_FIND,
                            authenticator.signFind(advertised));
                }
                return true;
            } catch (RuntimeException e) {
                err.println(command + ": " + family + " not asked: sending to " + targets.get(0) + " failed ("
                        + e.getMessage() + ").");
                return false;
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (seconds < 1 || seconds > 600) {
            throw new ParameterException(spec.commandLine(), "--seconds: '" + seconds + "' is not between 1 and 600.");
        }
        NodeAddress groupAddress = group(group, "--group", UdpEndpointConfig.DEFAULT_IPV4_GROUP, Inet4Address.class);
        NodeAddress group6Address = group(group6, "--group6", UdpEndpointConfig.DEFAULT_IPV6_GROUP, Inet6Address.class);
        Optional<NetworkKey> key = networkKey();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String command = spec.qualifiedName();
        Map<String, List<NodeAddress>> found = new LinkedHashMap<>(); // guarded by itself
        List<Asker> askers = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        OneShotEndpoint v4 = new OneShotEndpoint(networkInterface == null ? "" : networkInterface, key);
        List<OneShotEndpoint> endpoints = new ArrayList<>(List.of(v4));
        try {
            NetworkInterface nic = v4.transport.networkInterface();
            Optional<InetAddress> ip4 = nic.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst();
            if (ip4.isPresent()) {
                List<NodeAddress> targets = new ArrayList<>(List.of(groupAddress));
                targets.addAll(v4.transport.broadcastAddresses(groupAddress.port()));
                askers.add(asker("IPv4", v4, new NodeAddress(ip4.get(), v4.transport.localAddress().port()), targets,
                        found));
            } else {
                err.println(command + ": IPv4 not asked: interface " + nic.getName() + " has no IPv4 address.");
            }
            // Not link-local: a node could not answer to one (its reply would need our interface's scope).
            Optional<InetAddress> ip6 = nic.inetAddresses()
                    .filter(a -> a instanceof Inet6Address && !a.isLinkLocalAddress()).findFirst();
            if (ip6.isPresent()) {
                try {
                    OneShotEndpoint v6 = new OneShotEndpoint(nic.getName(), key, ip6.get());
                    endpoints.add(v6);
                    askers.add(asker("IPv6", v6, new NodeAddress(ip6.get(), v6.transport.localAddress().port()),
                            List.of(group6Address), found));
                } catch (UdpEndpointException e) {
                    err.println(command + ": IPv6 not asked: no socket at " + ip6.get().getHostAddress() + " ("
                            + e.getMessage() + ").");
                }
            } else {
                err.println(command + ": IPv6 not asked: interface " + nic.getName()
                        + " has no IPv6 address beyond link-local.");
            }
            endpoints.forEach(OneShotEndpoint::start);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end && !askers.isEmpty()) {
                for (Iterator<Asker> it = askers.iterator(); it.hasNext(); ) {
                    Asker a = it.next();
                    if (!a.ask(err, command)) {
                        it.remove();
                    } else if (!asked.contains(a.family())) {
                        asked.add(a.family());
                    }
                }
                Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            }
        } finally {
            endpoints.forEach(OneShotEndpoint::close);
        }
        Map<String, List<NodeAddress>> peers;
        synchronized (found) {
            peers = new LinkedHashMap<>(found);
        }
        print(out, peers, asked);
        if (peers.isEmpty()) {
            err.println(command + ": no node answered within " + seconds + " s.");
            return PeerConnectCli.EXIT_FAILURE;
        }
        return 0;
    }

    private void print(PrintWriter out, Map<String, List<NodeAddress>> peers, List<String> asked) {
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("seconds", seconds);
            fields.put("asked", asked);
            fields.put("peers", peers.entrySet().stream().map(e -> {
                Map<String, Object> peer = new LinkedHashMap<>();
                peer.put("id", e.getKey());
                peer.put("address", e.getValue().get(0).toString());
                peer.put("addresses", e.getValue().stream().map(NodeAddress::toString).toList());
                return peer;
            }).toList());
            out.println(JsonLine.of(fields));
        } else if (!peers.isEmpty()) {
            peers.forEach((id, addresses) -> out.println(id + " "
                    + String.join(" ", addresses.stream().map(NodeAddress::toString).toList())));
            out.println(peers.size() + (peers.size() == 1 ? " node" : " nodes") + " answered");
        }
        out.flush();
    }

    private Asker asker(String family, OneShotEndpoint endpoint, NodeAddress advertised, List<NodeAddress> targets,
                        Map<String, List<NodeAddress>> found) {
        DiscoveryAuthenticator authenticator = new DiscoveryAuthenticator(endpoint.key, DiscoveryConfig.defaults(),
                endpoint.scheduler.clock());
        endpoint.dispatcher.register(RootCode.DISCOVERY, event -> onAnswer(event, authenticator, found));
        return new Asker(family, endpoint, authenticator, advertised, targets);
    }

    /**
     * A NETWORK_FIND_REPLY that answers one of our finds, signed by the key of its peer id and advertising
     * its own source: a node at that address; anything else is ignored.
     */
    private static void onAnswer(RequestEvent event, DiscoveryAuthenticator authenticator,
                                 Map<String, List<NodeAddress>> found) {
        Message message = event.message();
        if (message.op() != DiscoveryCodec.NETWORK_FIND_REPLY) {
            return;
        }
        if (!(authenticator.verify(message.op(), message.sender(), event.from(), message.body())
                instanceof DiscoveryAuthenticator.Accepted accepted)) {
            return;
        }
        synchronized (found) {
            List<NodeAddress> addresses = found.computeIfAbsent(message.sender().toHex(), id -> new ArrayList<>());
            if (!addresses.contains(accepted.advertised())) {
                addresses.add(accepted.advertised());
            }
        }
    }

    /** {@code value} as a multicast group of the family {@code family}, else the default; a bad one is a usage error. */
    private NodeAddress group(String value, String option, NodeAddress fallback, Class<? extends InetAddress> family) {
        if (value == null) {
            return fallback;
        }
        NodeAddress parsed;
        try {
            parsed = NodeAddress.parse(value);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isMulticast() || !family.isInstance(parsed.ip())) {
            throw new ParameterException(spec.commandLine(), option + ": '" + value + "' is not an "
                    + (family == Inet4Address.class ? "IPv4" : "IPv6") + " multicast group ADDRESS:PORT.");
        }
        return parsed;
    }

    /** The key of {@code --network-key-file}, read; a bad file is a usage error in one sentence. */
    private Optional<NetworkKey> networkKey() {
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
