package peerconnect.app.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import peerconnect.domain.EnvelopeCodec;

/**
 * The sending half of a throughput phase: one thread sends the same datagram through a plain
 * {@link DatagramChannel} as fast as the kernel takes it, and reads the receiving side's counters at
 * the edges of the measured window. Bounded in time (the window) and in count.
 */
final class Blast {
    /** Far above what loopback carries in a phase of any sensible length: a bound, never the limit in practice. */
    private static final long MAX_SENDS = 2_000_000_000L;

    private Blast() {
    }

    static UdpBenchFigures.Throughput run(BlastTarget target, byte[] datagram, BenchWindow window) throws IOException {
        return run(target.address(), datagram, window, target::received, target::dropped);
    }

    /**
     * Sends a fresh datagram from {@code datagrams} each time (sealed ones: each needs its own nonce, or the
     * receiver's replay window refuses the repeats); the making is part of the sender's cost, as it is
     * for a real sender.
     */
    static UdpBenchFigures.Throughput run(BlastTarget target, Supplier<byte[]> datagrams, BenchWindow window)
            throws IOException {
        return run(target.address(), datagrams, window, target::received, target::dropped);
    }

    static UdpBenchFigures.Throughput run(InetSocketAddress target, byte[] datagram, BenchWindow window,
                                          LongSupplier received, LongSupplier dropped) throws IOException {
        return run(target, null, datagram, window, received, dropped);
    }

    static UdpBenchFigures.Throughput run(InetSocketAddress target, Supplier<byte[]> datagrams, BenchWindow window,
                                          LongSupplier received, LongSupplier dropped) throws IOException {
        return run(target, datagrams, datagrams.get(), window, received, dropped);
    }

    /** With {@code datagrams} null, {@code first} is sent again and again. */
    private static UdpBenchFigures.Throughput run(InetSocketAddress target, Supplier<byte[]> datagrams, byte[] first,
                                                  BenchWindow window, LongSupplier received, LongSupplier dropped)
            throws IOException {
        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.bind(new InetSocketAddress(target.getAddress(), 0));
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(first.length, EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES));
            buffer.put(first).flip();
            long sent = 0;
            long sent0 = -1;
            long received0 = 0;
            long dropped0 = 0;
            while (sent < MAX_SENDS) {
                // Reading the clock every 64 sends keeps it off the hot path (~1 µs per send on loopback).
                if ((sent & 63) == 0) {
                    long now = System.nanoTime();
                    if (sent0 < 0 && window.started(now)) {
                        sent0 = sent;
                        received0 = received.getAsLong();
                        dropped0 = dropped.getAsLong();
                    }
                    if (window.ended(now)) {
                        break;
                    }
                }
                if (datagrams != null && sent > 0) {
                    buffer.clear().put(datagrams.get()).flip();
                }
                sender.send(buffer.rewind(), target);
                sent++;
            }
            long received1 = received.getAsLong();
            long dropped1 = dropped.getAsLong();
            if (sent0 < 0) {
                sent0 = 0;
            }
            return new UdpBenchFigures.Throughput(sent - sent0, received1 - received0, dropped1 - dropped0,
                    window.seconds());
        }
    }
}
