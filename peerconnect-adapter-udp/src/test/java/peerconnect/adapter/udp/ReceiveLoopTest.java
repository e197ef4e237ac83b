package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.DatagramReceiver;

/** The receive loop on a scripted channel: errors are counted and survived, the buffer is reused, oversize shows. */
class ReceiveLoopTest {
    private final TransportCounters counters = new TransportCounters();
    private final List<byte[]> seen = new ArrayList<>();
    private final List<ByteBuffer> buffers = new ArrayList<>();

    private final DatagramReceiver receiver = new DatagramReceiver() {
        @Override
        public void onDatagram(NodeAddress from, byte[] datagram) {
            throw new AssertionError("the loop hands over its buffer, not an array");
        }

        @Override
        public void onDatagram(NodeAddress from, ByteBuffer datagram) {
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(datagram.position(), copy);
            seen.add(copy);
            buffers.add(datagram);
        }
    };

    @Test
    void transientErrorsAndIcmpErrorsAreCountedAndTheLoopGoesOnUntilTheChannelCloses() {
        ScriptedChannel channel = new ScriptedChannel()
                .deliver(new byte[] {1})
                .fail(new PortUnreachableException("ICMP port unreachable"))
                .fail(new PortUnreachableException("ICMP port unreachable"))
                .fail(new SocketException("Network is down"))
                .deliver(new byte[] {2, 2});
        // Runs on this thread and returns when the script reports the channel closed.
        new ReceiveLoop("scripted", channel, 8, receiver, counters).run();
        UdpTransportStats stats = counters.snapshot();
        assertAll(
                () -> assertEquals(2, seen.size()),
                () -> assertArrayEquals(new byte[] {2, 2}, seen.get(1)),
                () -> assertEquals(3, stats.receiveErrors()),
                () -> assertEquals(2, stats.received()),
                () -> assertEquals(buffers.get(0), buffers.get(1), "one buffer, reused"));
    }

    @Test
    void aDatagramLongerThanTheMaximumArrivesAsMaximumPlusOneAndIsCountedOversize() {
        ScriptedChannel channel = new ScriptedChannel().deliver(new byte[8]).deliver(new byte[9]).deliver(new byte[500]);
        new ReceiveLoop("scripted", channel, 8, receiver, counters).run();
        assertAll(
                () -> assertEquals(List.of(8, 9, 9), seen.stream().map(b -> b.length).toList()),
                () -> assertEquals(2, counters.snapshot().oversizeReceived()),
                () -> assertEquals(3, counters.snapshot().received()));
    }
}
