/**
 * The pure core of PeerConnect: value types (peer ids, addresses, the message envelope), the wire
 * codec, the {@link peerconnect.domain.RequestsDispatcher} and the {@link peerconnect.domain.StateManager}.
 *
 * <p>No I/O, no threads, clock or randomness of its own: every one of those is handed in, so the same
 * code runs on real sockets and on the virtual-time in-memory network. Requires {@code java.base} only;
 * logging, where any, goes through {@link java.lang.System.Logger}.
 */
module peerconnect.domain {
    exports peerconnect.domain;
}
