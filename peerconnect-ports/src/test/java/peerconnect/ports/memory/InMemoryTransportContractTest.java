package peerconnect.ports.memory;

import java.util.function.BooleanSupplier;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.testkit.ports.DatagramTransportContract;

/** The transport contract on the in-memory network, the reference the UDP endpoint is held to. */
class InMemoryTransportContractTest implements DatagramTransportContract {
    private final Harness harness = new Harness() {
        private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        private final InMemoryNetwork network = new InMemoryNetwork(7, scheduler, NetworkConditions.perfect());
        private final NodeAddress group = NodeAddress.parse("239.192.80.67:" + InMemoryNetwork.DEFAULT_PORT);

        @Override
        public DatagramTransport open() {
            InMemoryEndpoint endpoint = network.endpoint();
            endpoint.joinGroup(group);
            return endpoint;
        }

        @Override
        public NodeAddress group() {
            return group;
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
