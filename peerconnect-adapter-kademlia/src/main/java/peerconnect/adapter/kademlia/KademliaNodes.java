package peerconnect.adapter.kademlia;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import peerconnect.domain.NodeKey;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
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
        return create(config, self, Optional.empty(), dispatcher, scheduler, random, store, new SignatureChecker(
                SignatureCheckSettings.defaults(), SignatureVerifier.ed25519(), scheduler.clock()));
    }

    /**
     * As {@link #create(KademliaConfig, PeerRecord, RequestsDispatcher, Scheduler, RandomGenerator,
     * NodeStateStore)}, for a node with a key: it signs its own peer-list record with {@code key}, whose
     * peer id must be {@code self}'s. A node without a key (empty) registers in no peer list. Either
     * way it checks the records other peers send with {@code checker}, which the node may share with
     * its other protocols so that one budget covers all their signature checks.
     */
    public static KademliaNode create(KademliaConfig config, PeerRecord self, Optional<NodeKey> key,
                                      RequestsDispatcher dispatcher, Scheduler scheduler, RandomGenerator random,
                                      NodeStateStore store, SignatureChecker checker) {
        return new KademliaServer(Objects.requireNonNull(config, "config"), Objects.requireNonNull(self, "self"),
                Objects.requireNonNull(dispatcher, "dispatcher"), Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(random, "random"), Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(key, "key"), Objects.requireNonNull(checker, "checker"));
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
