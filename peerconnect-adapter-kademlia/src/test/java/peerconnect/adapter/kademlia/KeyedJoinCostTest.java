package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.CounterSink;

/**
 * What a join of keyed nodes costs on the wire, in RPCs and bytes (every datagram any node sent
 * while the network grew, one joiner at a time): the record requests and the records that answer
 * them are the price of proving contacts' ids (docs/PROTOCOL.md, "Contacts prove their id").
 */
class KeyedJoinCostTest {
    private static final int NODES = 200;

    @Test
    void aKeyedJoinCostsTensOfRpcsAndAFewTensOfKilobytes() {
        Cluster c = new Cluster(16);
        List<Cluster.Member> nodes = c.grow(NODES);
        long rpcs = nodes.stream().mapToLong(m -> CounterSink.collect(List.of(m.node()))
                .getOrDefault("kademlia.rpcAttempts", 0L)).sum();
        long requestBytes = nodes.stream().mapToLong(m -> CounterSink.collect(List.of(m.node()))
                .getOrDefault("kademlia.requestBytesSent", 0L)).sum();
        double rpcsPerJoin = (double) rpcs / NODES;
        double bytesPerJoin = (double) c.bytesSent.sum() / NODES;
        System.out.printf("keyed join at %d nodes: %.1f RPCs, %.0f bytes (%.0f of requests) per join%n", NODES,
                rpcsPerJoin, bytesPerJoin, (double) requestBytes / NODES);
        assertAll(() -> assertTrue(rpcsPerJoin <= 70, "RPCs per join " + rpcsPerJoin),
                () -> assertTrue(bytesPerJoin <= 40_000, "bytes per join " + bytesPerJoin));
    }
}
