package peerconnect.adapter.udp;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link UdpTransportStats}; LongAdders because several threads bump them. */
final class TransportCounters {
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder receiveErrors = new LongAdder();
    final LongAdder oversizeReceived = new LongAdder();
    final LongAdder interfaceChanges = new LongAdder();
    final LongAdder rejoins = new LongAdder();

    UdpTransportStats snapshot() {
        return new UdpTransportStats(received.sum(), sent.sum(), sendErrors.sum(), receiveErrors.sum(),
                oversizeReceived.sum(), interfaceChanges.sum(), rejoins.sum());
    }
}
