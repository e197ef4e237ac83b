package peerconnect.domain;

/**
 * Order in which queued events are handled, and reverse order in which they are shed under load:
 * an awaited reply completes work already paid for, the DHT keeps routing alive, discovery can
 * repeat, gossip is redundant by design. Application requests come last: the node's own services
 * must keep running when an application floods its code, and an application that needs delivery
 * retries (its requests time out like any other).
 */
enum EventPriority {
    AWAITED_REPLY, DHT, DISCOVERY, GOSSIP, APPLICATION;

    static EventPriority of(Message message) {
        if (message.kind() == MessageKind.REPLY) {
            return AWAITED_REPLY;
        }
        RootCode code = message.rootCode();
        if (code.equals(RootCode.KADEMLIA)) {
            return DHT;
        }
        if (code.equals(RootCode.DISCOVERY)) {
            return DISCOVERY;
        }
        if (code.equals(RootCode.GOSSIP)) {
            return GOSSIP;
        }
        return APPLICATION;
    }
}
