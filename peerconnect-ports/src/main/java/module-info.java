/**
 * Every interface that crosses the hexagon — the datagram transport, scheduling — and the in-memory
 * network, the reference transport every simulation and property test runs on.
 */
module peerconnect.ports {
    // Domain types (addresses, ids, messages) appear in every port signature.
    requires transitive peerconnect.domain;

    exports peerconnect.ports;
}
