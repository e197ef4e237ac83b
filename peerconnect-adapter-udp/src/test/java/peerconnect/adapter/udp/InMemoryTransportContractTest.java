package peerconnect.adapter.udp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/** The transport contract on the in-memory network, the reference the UDP endpoint is held to. */
class InMemoryTransportContractTest implements DatagramTransportContract {
    private final Harness harness = new Harness() {
        private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        private final InMemoryNetwork network = new InMemoryNetwork(7, scheduler, NetworkConditions.perfect());
        private final NodeAddress group = group();

        @Override
        public DatagramTransport open() {
            InMemoryEndpoint endpoint = network.endpoint();
            endpoint.joinGroup(group);
            return endpoint;
        }

        @Override
        public NodeAddress group() {
            try {
                return new NodeAddress(InetAddress.getByName("239.192.80.67"), InMemoryNetwork.DEFAULT_PORT);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean deliver(BooleanSupplier done) {
            scheduler.runUntilIdle();
            return done.getAsBoolean();
        }

        @Override
        public void settle() {
            scheduler.runUntilIdle();
        }

        @Override
        public void close() {
        }
    };

    @Override
    public Harness harness() {
        return harness;
    }
}
