package peerconnect.ports;

import java.util.function.BooleanSupplier;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;
import peerconnect.testkit.core.TestRandom;
import peerconnect.testkit.ports.DatagramTransportContract;

/**
 * The transport contract on {@link SealedTransport}s over the in-memory network, all sealing with one
 * key: to its receiver a sealed transport is a transport like any other, up to the seal's smaller
 * payload.
 */
class SealedTransportContractTest implements DatagramTransportContract {
    private static final NetworkKey KEY = NetworkKey.generate(TestRandom.secure(11));

    private final Harness harness = new Harness() {
        private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        private final InMemoryNetwork network = new InMemoryNetwork(7, scheduler, NetworkConditions.perfect());
        private final NodeAddress group = NodeAddress.parse("239.192.80.67:" + InMemoryNetwork.DEFAULT_PORT);
        private long nonceSeed;

        @Override
        public DatagramTransport open() {
            InMemoryEndpoint endpoint = network.endpoint();
            endpoint.joinGroup(group);
            // One nonce generator per transport, as every node has its own.
            return SealedTransport.wrap(endpoint, DatagramSeal.create(KEY, TestRandom.secure(++nonceSeed)));
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
        public int maxPayloadBytes() {
            return DatagramSeal.create(KEY, TestRandom.secure(0)).maxPlaintextBytes();
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
