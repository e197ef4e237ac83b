package peerconnect.app.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The baseline: what plain {@link DatagramChannel}s do on loopback with nothing on top — a receiver
 * thread that only counts, and a ping-pong whose server only echoes. Same socket buffer sizes and
 * datagram sizes as the pipeline, so the ratio shows the pipeline's own cost.
 */
final class RawUdp {
    private final InetAddress loopback;
    private final int receiveBufferBytes;

    RawUdp(InetAddress loopback, int receiveBufferBytes) {
        this.loopback = loopback;
        this.receiveBufferBytes = receiveBufferBytes;
    }

    /** A plain socket with a thread that only counts what it receives. */
    BlastTarget countingReceiver() throws IOException {
        DatagramChannel receiver = open();
        AtomicLong received = new AtomicLong();
        Thread counter = Thread.ofPlatform().name("raw-receiver").start(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
            try {
                while (true) {
                    buffer.clear();
                    receiver.receive(buffer);
                    received.lazySet(received.get() + 1); // one writer
                }
            } catch (IOException e) {
                // closed: the benchmark is over
            }
        });
        InetSocketAddress address = (InetSocketAddress) receiver.getLocalAddress();
        return new BlastTarget() {
            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public long received() {
                return received.get();
            }

            @Override
            public long dropped() {
                return 0;
            }

            @Override
            public void close() {
                try {
                    receiver.close();
                    counter.join();
                } catch (IOException e) {
                    // nothing left to do with it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    // The channels are closed early on purpose: closing is what ends the echo thread and the watchdog.
    @SuppressWarnings("try")
    UdpBenchFigures.Latency roundTrips(int inFlight, int datagramBytes, Supplier<BenchWindow> windows)
            throws IOException, InterruptedException {
        LatencySamples samples = new LatencySamples(1 << 20);
        try (DatagramChannel server = open(); DatagramChannel client = open()) {
            Thread echo = Thread.ofPlatform().name("raw-echo").start(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
                try {
                    while (true) {
                        buffer.clear();
                        SocketAddress from = server.receive(buffer);
                        server.send(buffer.flip(), from);
                    }
                } catch (IOException e) {
                    // closed: the phase is over
                }
            });
            BenchWindow window = windows.get();
            // A lost datagram would leave the client waiting for ever: close it a little after the window.
            Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(Math.max(0, (window.endNanos() - System.nanoTime()) / 1_000_000) + 1000);
                    client.close();
                } catch (InterruptedException | IOException e) {
                    // done before the deadline
                }
            });
            SocketAddress target = server.getLocalAddress();
            long[] sentAt = new long[inFlight];
            ByteBuffer out = ByteBuffer.allocateDirect(datagramBytes);
            ByteBuffer in = ByteBuffer.allocateDirect(65_536);
            for (int slot = 0; slot < inFlight; slot++) {
                sentAt[slot] = System.nanoTime();
                client.send(out.clear().putInt(0, slot), target);
            }
            int lost = 0;
            int outstanding = inFlight;
            try {
                while (outstanding > 0) {
                    in.clear();
                    client.receive(in);
                    long now = System.nanoTime();
                    int slot = in.getInt(0);
                    if (window.contains(sentAt[slot], now)) {
                        samples.record(now - sentAt[slot]);
                    }
                    if (window.ended(now)) {
                        outstanding--;
                        continue;
                    }
                    sentAt[slot] = System.nanoTime();
                    client.send(out.clear().putInt(0, slot), target);
                }
            } catch (ClosedChannelException e) {
                lost = outstanding;
            }
            watchdog.interrupt();
            server.close();
            echo.join();
            return new UdpBenchFigures.Latency(samples.count(), lost, samples.quantileMicros(0.5),
                    samples.quantileMicros(0.99));
        }
    }

    private DatagramChannel open() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
        channel.bind(new InetSocketAddress(loopback, 0));
        return channel;
    }
}
