package peerconnect.adapter.udp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.testkit.ports.DatagramTransportContract;

/** The transport contract on real UDP sockets on loopback (IPv4, lo). */
class UdpTransportContractTest implements DatagramTransportContract {
    private final Harness harness = new Harness() {
        private final RealTimeScheduler scheduler = new RealTimeScheduler();
        private final List<UdpTransport> opened = new CopyOnWriteArrayList<>();
        private final NodeAddress group = new NodeAddress(Loopback.ip("239.192.80.67"), Loopback.freePort());

        @Override
        public DatagramTransport open() {
            UdpTransport t = UdpTransports.create(Loopback.config(Loopback.V4, List.of(group)), scheduler);
            opened.add(t);
            return t;
        }

        @Override
        public NodeAddress group() {
            return group;
        }

        @Override
        public boolean deliver(BooleanSupplier done) throws InterruptedException {
            return Loopback.await(done);
        }

        @Override
        public void settle() throws InterruptedException {
            Thread.sleep(200); // on loopback a datagram in flight arrives within microseconds
        }

        @Override
        public void close() {
            opened.forEach(UdpTransport::close);
            scheduler.close();
        }
    };

    @Override
    public Harness harness() {
        return harness;
    }

}
