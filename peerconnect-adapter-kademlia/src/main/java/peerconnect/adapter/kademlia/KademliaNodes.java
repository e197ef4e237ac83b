package peerconnect.adapter.kademlia;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.domain.Scheduler;

/** Builds Kademlia nodes, and pings one: the adapter's one entry point. */
public final class KademliaNodes {
    private KademliaNodes() {
    }

    /**
     * A node that answers on {@code dispatcher}'s Kademlia root code once {@linkplain KademliaNode#start
     * started}.
     *
     * @param config     settings ({@link KademliaConfig#defaults()} for a LAN)
     * @param self       this node: its id (which must be the dispatcher's), the address peers reach
     *                   its requests endpoint at, and its display name
     * @param dispatcher sends requests and replies, and routes root code {@code 0x00} to the node
     * @param scheduler  runs maintenance and tells the time
     * @param random     draws refresh targets; used under the node's lock, so need not be thread-safe
     * @param store      where the routing table and values survive restarts
     */
    public static KademliaNode create(KademliaConfig config, PeerRecord self, RequestsDispatcher dispatcher,
                                      Scheduler scheduler, RandomGenerator random, NodeStateStore store) {
        return new KademliaServer(Objects.requireNonNull(config, "config"), Objects.requireNonNull(self, "self"),
                Objects.requireNonNull(dispatcher, "dispatcher"), Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(random, "random"), Objects.requireNonNull(store, "store"));
    }

    /**
     * Sends one Kademlia PING to {@code address} through {@code dispatcher} (which need not host a
     * node: a one-shot diagnostic may use a bare dispatcher) and completes with the id the peer
     * answered with. No retry.
     *
     * @return fails with the dispatcher's {@link java.util.concurrent.TimeoutException} if no reply came
     *         within {@code timeout}, or with {@link IllegalStateException} if the reply was not a
     *         well-formed PING reply
     */
    public static CompletableFuture<PeerId> ping(RequestsDispatcher dispatcher, NodeAddress address, Duration timeout) {
        return dispatcher.request(address, RootCode.KADEMLIA, KademliaOp.PING.request(), new byte[0], timeout)
                .thenApply(reply -> {
                    if (reply.op() != KademliaOp.PING.reply() || reply.bodyLength() != 0) {
                        throw new IllegalStateException(address + " did not answer with a PING reply");
                    }
                    return reply.sender();
                });
    }
}
