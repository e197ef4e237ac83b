/** The PeerConnect application: wiring, command line, configuration, logging backend. */
module peerconnect.app {
    requires peerconnect.ports;
    requires peerconnect.adapter.udp;
    requires peerconnect.adapter.kademlia;
    requires peerconnect.adapter.gossip;
    requires info.picocli;
    requires org.slf4j;

    opens peerconnect.app to info.picocli;
}
