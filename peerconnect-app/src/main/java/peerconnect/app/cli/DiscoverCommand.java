package peerconnect.app.cli;

import peerconnect.app.settings.SettingsException;
import peerconnect.app.settings.NetworkKeyFile;
import peerconnect.app.console.JsonLine;

import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.domain.DiscoveryAuthenticator;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RootCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect discover}: asks the LAN who is there, as a starting node does (NETWORK_FIND to
 * the IPv4 discovery group and by IPv4 broadcast, once a second, signed with the endpoint's throwaway
 * node key), and lists the nodes that answer with a NETWORK_FIND_REPLY that checks out (signed by the key
 * of its peer id, fresh, answering one of our finds): peer id and address. Joins nothing and stores
 * nothing.
 */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the nodes on the LAN that answer a discovery request (IPv4 multicast group and broadcast)"
                + " within S seconds: peer id and address.",
        footer = {"", "Exit codes: 0 some node answered; 1 none did (or the socket could not be opened);"
                + " 2 bad command line."})
final class DiscoverCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2", description = "How long to listen for answers (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--group", paramLabel = "ADDR:PORT", description = "IPv4 discovery group (default: 239.192.80.67:19777).")
    private String group;

    @Option(names = "--interface", paramLabel = "IF", description = "Interface to ask on, by name or address (default: as run chooses).")
    private String networkInterface;

    @Option(names = "--network-key-file", paramLabel = "FILE",
            description = "Seal the datagrams with the network key in FILE, to reach the nodes of a network that uses"
                    + " one (default: no key).")
    private java.nio.file.Path networkKeyFile;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        if (seconds < 1 || seconds > 600) {
            throw new ParameterException(spec.commandLine(), "--seconds: '" + seconds + "' is not between 1 and 600.");
        }
        NodeAddress groupAddress = UdpEndpointConfig.DEFAULT_IPV4_GROUP;
        if (group != null) {
            try {
                groupAddress = NodeAddress.parse(group);
            } catch (IllegalArgumentException e) {
                groupAddress = null;
            }
            if (groupAddress == null || !groupAddress.isMulticast() || !(groupAddress.ip() instanceof Inet4Address)) {
                throw new ParameterException(spec.commandLine(), "--group: '" + group + "' is not an IPv4 multicast group ADDRESS:PORT.");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<PeerId, NodeAddress> found = new ConcurrentHashMap<>();
        List<PeerContact> inOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        try (OneShotEndpoint endpoint = new OneShotEndpoint(networkInterface == null ? "" : networkInterface, networkKey())) {
            Optional<InetAddress> ip = endpoint.transport.networkInterface().inetAddresses()
                    .filter(a -> a instanceof Inet4Address).findFirst();
            if (ip.isEmpty()) {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": interface "
                        + endpoint.transport.networkInterface().getName() + " has no IPv4 address.");
                return PeerConnectCli.EXIT_FAILURE;
            }
            NodeAddress advertised = new NodeAddress(ip.get(), endpoint.transport.localAddress().port());
            DiscoveryAuthenticator authenticator = new DiscoveryAuthenticator(endpoint.key, DiscoveryConfig.defaults(),
                    endpoint.scheduler.clock());
            endpoint.dispatcher.register(RootCode.DISCOVERY,
                    event -> onAnswer(event, authenticator, found, inOrder, out));
            endpoint.start();
            List<NodeAddress> targets = new ArrayList<>(List.of(groupAddress));
            targets.addAll(endpoint.transport.broadcastAddresses(groupAddress.port()));
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (NodeAddress to : targets) {
                    endpoint.dispatcher.send(to, RootCode.DISCOVERY, DiscoveryCodec.NETWORK_FIND,
                            authenticator.signFind(advertised));
                }
                Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            }
        }
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("seconds", seconds);
            synchronized (inOrder) {
                fields.put("peers", inOrder.stream().map(c -> {
                    Map<String, Object> peer = new LinkedHashMap<>();
                    peer.put("id", c.id().toHex());
                    peer.put("address", c.address().toString());
                    return peer;
                }).toList());
            }
            out.println(JsonLine.of(fields));
        } else if (!found.isEmpty()) {
            out.println(found.size() + (found.size() == 1 ? " node" : " nodes") + " answered");
        }
        out.flush();
        if (found.isEmpty()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": no node answered within " + seconds + " s.");
            return PeerConnectCli.EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * A NETWORK_FIND_REPLY that answers one of our finds, signed by the key of its peer id and advertising
     * its own source: a node; anything else is ignored.
     */
    private void onAnswer(RequestEvent event, DiscoveryAuthenticator authenticator, Map<PeerId, NodeAddress> found,
                          List<PeerContact> inOrder, PrintWriter out) {
        Message message = event.message();
        if (message.op() != DiscoveryCodec.NETWORK_FIND_REPLY) {
            return;
        }
        if (!(authenticator.verify(message.op(), message.sender(), event.from(), message.body())
                instanceof DiscoveryAuthenticator.Accepted accepted)) {
            return;
        }
        NodeAddress advertised = accepted.advertised();
        if (found.putIfAbsent(message.sender(), advertised) == null) {
            inOrder.add(new PeerContact(message.sender(), advertised));
            if (!json) {
                synchronized (out) {
                    out.println(message.sender().toHex() + " " + advertised);
                    out.flush();
                }
            }
        }
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
