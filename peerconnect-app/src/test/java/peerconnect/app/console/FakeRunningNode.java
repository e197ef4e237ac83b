package peerconnect.app.console;

import peerconnect.app.node.StatusReport;
import peerconnect.app.node.RunningNode;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import peerconnect.domain.Cancellable;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.DropReason;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.Gossip;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.PutOutcome;
import peerconnect.ports.PutRequest;

/** A {@link RunningNode} in memory for console and command tests: values in a map, gossip recorded. */
public final class FakeRunningNode implements RunningNode {
    final SplittableRandom random = new SplittableRandom(7);
    public final PeerRecord self;
    final List<PeerContact> peers = new CopyOnWriteArrayList<>();
    final Map<PeerId, byte[]> values = new ConcurrentHashMap<>();
    final List<String> published = new CopyOnWriteArrayList<>();
    public final List<Consumer<GossipMessage>> subscribers = new CopyOnWriteArrayList<>();
    final List<PeerRecord> gossipFinds = new CopyOnWriteArrayList<>();
    final List<PeerRecord> dhtFinds = new CopyOnWriteArrayList<>();
    public final AtomicInteger closes = new AtomicInteger();
    /** The addresses of every {@code dht().bootstrap} call, in order. */
    public final List<List<NodeAddress>> bootstraps = new CopyOnWriteArrayList<>();

    public FakeRunningNode(String name) {
        self = new PeerRecord(contact(1, 4000), name);
    }

    PeerContact contact(int host, int port) {
        try {
            return new PeerContact(PeerId.random(random),
                    new NodeAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) host}), port));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers a message from another node to the subscribers, as the gossip adapter would. */
    public void receive(PeerId origin, String text) {
        GossipMessage m = new GossipMessage(MessageId.random(random), origin, 1,
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        subscribers.forEach(s -> s.accept(m));
    }

    @Override
    public PeerRecord self() {
        return self;
    }

    @Override
    public StatusReport status() {
        DispatcherStats stats = new DispatcherStats(12, 0, 10, 2, Map.of(DropReason.MALFORMED, 1L), 0, 3, 1, 0, 0, 4, 0);
        return new StatusReport(self, List.of(self.contact().address()), !peers.isEmpty(), "Joined",
                Map.of(159, peers.size()), stats, Map.of("udp.received", 12L, "kademlia.rejected", 2L,
                        "kademlia.rejected.TRUNCATED", 2L, "kademlia.rejected.BAD_NAME", 0L));
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    @Override
    public DistributedHashTable dht() {
        return new DistributedHashTable() {
            @Override
            public CompletableFuture<Boolean> bootstrap(Collection<NodeAddress> addresses) {
                bootstraps.add(List.copyOf(addresses));
                return CompletableFuture.completedFuture(!peers.isEmpty());
            }

            @Override
            public void admitProven(PeerContact contact) {
                // The console never admits contacts; discovery is not part of this fake.
            }

            @Override
            public void followProven(PeerContact contact) {
                // As admitProven.
            }

            @Override
            public boolean isBootstrapped() {
                return !peers.isEmpty();
            }

            @Override
            public CompletableFuture<Optional<PeerContact>> lookup(PeerId id) {
                return CompletableFuture.completedFuture(peers.stream().filter(p -> p.id().equals(id)).findFirst());
            }

            @Override
            public CompletableFuture<List<PeerContact>> closestPeers(PeerId id, int n) {
                return CompletableFuture.completedFuture(closestKnownPeers(id, n));
            }

            @Override
            public List<PeerContact> closestKnownPeers(PeerId id, int n) {
                List<PeerContact> sorted = new ArrayList<>(peers);
                sorted.sort((a, b) -> a.id().distance(id).compareTo(b.id().distance(id)));
                return sorted.subList(0, Math.min(n, sorted.size()));
            }

            @Override
            public CompletableFuture<Integer> put(PeerId key, byte[] value) {
                if (value.length > 1024) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException("value too large: " + value.length + " bytes"));
                }
                values.put(key, value.clone());
                return CompletableFuture.completedFuture(peers.size());
            }

            @Override
            public CompletableFuture<PutOutcome> publish(PutRequest request) {
                return put(request.key(), request.value()).thenApply(n -> PutOutcome.allStored(n));
            }

            @Override
            public CompletableFuture<PutOutcome> delete(PeerId key) {
                values.remove(key);
                return CompletableFuture.completedFuture(PutOutcome.allStored(peers.size()));
            }

            @Override
            public CompletableFuture<Optional<byte[]>> get(PeerId key) {
                return CompletableFuture.completedFuture(Optional.ofNullable(values.get(key)));
            }

            @Override
            public CompletableFuture<List<PeerRecord>> searchPeers(String query) {
                return CompletableFuture.completedFuture(List.copyOf(dhtFinds));
            }

            @Override
            public List<PeerContact> knownPeers() {
                return List.copyOf(peers);
            }
        };
    }

    @Override
    public Gossip gossip() {
        return new Gossip() {
            @Override
            public MessageId publish(byte[] payload) {
                published.add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
                return new MessageId(published.size());
            }

            @Override
            public Cancellable subscribe(Consumer<GossipMessage> listener) {
                subscribers.add(listener);
                return () -> subscribers.remove(listener);
            }

            @Override
            public CompletableFuture<List<PeerRecord>> search(String query, Duration timeout, Consumer<PeerRecord> onResult) {
                gossipFinds.forEach(onResult);
                return CompletableFuture.completedFuture(List.copyOf(gossipFinds));
            }
        };
    }
}
