package peerconnect.domain;

/**
 * Order in which queued events are handled, and reverse order in which they are shed under load:
 * an awaited reply completes work already paid for, the DHT keeps routing alive, discovery can
 * repeat, gossip is redundant by design.
 */
enum EventPriority {
    AWAITED_REPLY, DHT, DISCOVERY, GOSSIP;

    static EventPriority of(Message message) {
        if (message.kind() == MessageKind.REPLY) {
            return AWAITED_REPLY;
        }
        return switch (message.rootCode()) {
            case KADEMLIA -> DHT;
            case DISCOVERY -> DISCOVERY;
            case GOSSIP -> GOSSIP;
        };
    }
}
