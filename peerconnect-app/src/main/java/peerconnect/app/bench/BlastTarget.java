package peerconnect.app.bench;

import java.net.InetSocketAddress;

/** Something a {@link Blast} sends at, counting what it took in: a raw receiver or the full pipeline. */
interface BlastTarget extends AutoCloseable {
    InetSocketAddress address();

    /** Datagrams taken in so far (received by the raw socket, handled by the pipeline's handler). */
    long received();

    /** Datagrams dropped by a full queue so far (the pipeline's shed count; 0 for the raw socket). */
    long dropped();

    @Override
    void close();
}
