/**
 * Every interface that crosses the hexagon — the datagram transport, scheduling, the DHT façade and
 * the peer directory, gossip, node-state storage — and the in-memory network, the reference
 * transport every simulation and property test runs on.
 */
module peerconnect.ports {
    // Domain types (addresses, ids, messages) appear in every port signature.
    requires transitive peerconnect.domain;

    exports peerconnect.ports;
    // A second package, against the one-package-per-module habit: the in-memory network is the
    // reference adapter of these ports, and the tests of every module and the app's `simulate`
    // command run on it. Keeping it next to the ports lets all of them use it without depending on
    // a real adapter, and keeps it in step with the port contracts it implements.
    exports peerconnect.ports.memory;
}
