package peerconnect.domain;

/**
 * Where the dispatcher hands datagrams it wants sent. The transport port extends this, so the app
 * passes its transport straight in; the domain never names a port type.
 */
@FunctionalInterface
public interface DatagramSink {
    /**
     * Sends one datagram. Must not block for long (a full socket buffer may drop instead); may throw
     * an unchecked exception if the datagram cannot be sent at all.
     */
    void send(NodeAddress to, byte[] datagram);
}
