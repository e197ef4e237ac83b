package peerconnect.adapter.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.DatagramReceiver;

/**
 * Reads one channel until it is closed and hands every datagram to the receiver. It only reads and
 * hands on; decoding, classification and queueing are the receiver's (the dispatcher's) job.
 *
 * <p>One direct buffer is reused for every datagram: the kernel copies straight into it, and the
 * receiver gets a view between position and limit that it must not keep. The buffer holds one byte
 * more than the maximum datagram, so a longer datagram shows up as longer than the maximum (the
 * kernel truncates it) and the codec drops it as oversize instead of mistaking it for a whole one.
 */
final class ReceiveLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveLoop.class);
    private static final long MAX_BACKOFF_MILLIS = 100;

    private final String name;
    private final DatagramChannel channel;
    private final int maxDatagramBytes;
    private final DatagramReceiver receiver;
    private final TransportCounters counters;
    /** Error kinds already logged at WARN; later ones of the same kind go to DEBUG. Bounded by the few kinds there are. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    ReceiveLoop(String name, DatagramChannel channel, int maxDatagramBytes, DatagramReceiver receiver,
                TransportCounters counters) {
        this.name = name;
        this.channel = channel;
        this.maxDatagramBytes = maxDatagramBytes;
        this.receiver = receiver;
        this.counters = counters;
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(maxDatagramBytes + 1);
        int consecutiveErrors = 0;
        while (true) {
            buffer.clear();
            SocketAddress source;
            try {
                source = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                // Also AsynchronousCloseException and ClosedByInterruptException: close() is how we stop.
                LOG.debug("receive loop {} stopped: channel closed", name);
                return;
            } catch (IOException e) {
                counters.receiveErrors.increment();
                logOnce(e);
                consecutiveErrors++;
                if (!pause(Math.min(MAX_BACKOFF_MILLIS, consecutiveErrors))) {
                    return;
                }
                continue;
            }
            consecutiveErrors = 0;
            if (source == null) {
                continue; // only in non-blocking mode, which we do not use
            }
            buffer.flip();
            if (buffer.remaining() > maxDatagramBytes) {
                counters.oversizeReceived.increment();
            }
            counters.received.increment();
            NodeAddress from = NodeAddress.of((InetSocketAddress) source);
            try {
                receiver.onDatagram(from, buffer);
            } catch (RuntimeException e) {
                LOG.warn("receiver failed on a datagram from={} on {}; the loop goes on", from, name, e);
            }
        }
    }

    private void logOnce(IOException e) {
        String kind = e.getClass().getName() + ": " + e.getMessage();
        if (warned.size() < 16 && warned.add(kind)) {
            LOG.warn("receive error on {} ({}); survived, further ones of this kind are logged at debug", name,
                    kind);
        } else {
            LOG.debug("receive error on {} ({})", name, kind);
        }
    }

    /** Sleeps a little after an error so a persistent one cannot spin the CPU; false if interrupted. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
