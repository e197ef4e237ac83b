package peerconnect.app.cli;

import peerconnect.app.node.NetworkKeySeals;
import peerconnect.app.node.SystemScheduler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransports;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeKey;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.DatagramReceiver;

/**
 * A temporary UDP endpoint and dispatcher with an ephemeral node key (and the peer id derived from it), for
 * the one-shot diagnostics ({@code ping}, {@code discover}): no DHT, no gossip, no saved state. Joins no
 * group. The key lives as long as the endpoint, so {@code discover} can sign its announcements.
 */
final class OneShotEndpoint implements AutoCloseable {
    final SystemScheduler scheduler = new SystemScheduler("one-shot");
    final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    final UdpTransport transport;
    final RequestsDispatcher dispatcher;
    final NodeKey key = NodeKey.generate(new SecureRandom());

    /**
     * @param networkInterface the interface to send multicast on (name or address); empty = automatic
     * @throws peerconnect.adapter.udp.UdpEndpointException if the socket cannot be opened
     */
    OneShotEndpoint(String networkInterface) {
        this(networkInterface, Optional.empty());
    }

    /**
     * @param networkInterface the interface to send multicast on (name or address); empty = automatic
     * @param networkKey       the key of the network to reach ({@code --network-key-file}): every datagram
     *                         sealed and opened with it, as the nodes of that network do
     * @throws peerconnect.adapter.udp.UdpEndpointException if the socket cannot be opened
     */
    OneShotEndpoint(String networkInterface, Optional<NetworkKey> networkKey) {
        this(networkInterface, networkKey, wildcard());
    }

    /**
     * @param networkInterface the interface to send multicast on (name or address); empty = automatic
     * @param networkKey       as above
     * @param bind             the local address (any port): the source of every datagram sent, so a
     *                         find can advertise it
     * @throws peerconnect.adapter.udp.UdpEndpointException if the socket cannot be opened
     */
    OneShotEndpoint(String networkInterface, Optional<NetworkKey> networkKey, InetAddress bind) {
        UdpEndpointConfig config = UdpEndpointConfig.defaults().withBind(bind, 0).withGroups(List.of());
        if (!networkInterface.isEmpty()) {
            config = config.withNetworkInterface(networkInterface);
        }
        UdpTransport opened;
        try {
            opened = UdpTransports.create(config, scheduler);
        } catch (RuntimeException e) {
            close(null, scheduler, workers);
            throw e;
        }
        transport = opened;
        SplittableRandom random = new SplittableRandom();
        peerconnect.domain.DispatcherBuilder builder = RequestsDispatcher.builder(key.peerId()).transport(transport)
                .scheduler(scheduler).executor(workers).random(random);
        networkKey.ifPresent(k -> builder.networkKey(NetworkKeySeals.seal(k)));
        dispatcher = builder.build();
    }

    /** Starts delivering datagrams to the dispatcher; register handlers before. */
    void start() {
        transport.start(dispatcher);
    }

    @Override
    public void close() {
        dispatcher.closeNow();
        close(transport, scheduler, workers);
    }

    private static void close(UdpTransport transport, SystemScheduler scheduler, ExecutorService workers) {
        if (transport != null) {
            transport.close();
        }
        scheduler.close();
        workers.shutdownNow();
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByName("::");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
