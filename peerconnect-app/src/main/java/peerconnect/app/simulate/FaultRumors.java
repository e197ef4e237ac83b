package peerconnect.app.simulate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipNode;
import peerconnect.adapter.gossip.GossipNodes;
import peerconnect.domain.NodeKey;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
import peerconnect.ports.PeerDirectory;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * The gossip side of a {@link FaultSimulation}: one {@link GossipNode} per simulated node, on that node's
 * dispatcher and learning its peers from that node's routing table (as the app wires them), and when
 * each node first delivered each rumor. A killed node's gossip node is closed with it; its restart gets
 * a new one (gossip saves nothing), which has delivered nothing. Single-threaded, on the scheduler.
 */
final class FaultRumors {
    private final VirtualTimeScheduler scheduler;
    private final GossipNode[] gossip;
    // One verification per distinct signature in the JVM: a thousand nodes checking the same rumors
    // would otherwise spend minutes of CPU on Ed25519 (the checks, budget and verdicts stay per node).
    private final SignatureVerifier verifier = new MemoizingVerifier(SignatureVerifier.ed25519(), 65_536);
    // deliveredAt.get(r)[i]: virtual milliseconds at which node i first delivered rumor r, -1 if not yet.
    private final List<long[]> deliveredAt = new ArrayList<>();
    private final List<Integer> origins = new ArrayList<>();
    private long duplicates;

    FaultRumors(int nodes, VirtualTimeScheduler scheduler) {
        this.scheduler = scheduler;
        this.gossip = new GossipNode[nodes];
    }

    /** Starts node {@code i}'s gossip on {@code dispatcher}, signing with {@code key}, peers from {@code peers}. */
    void boot(int i, NodeKey key, RequestsDispatcher dispatcher, PeerDirectory peers, SplittableRandom random) {
        GossipNode node = GossipNodes.create(GossipConfig.defaults(), key, "node-" + i, dispatcher, scheduler, random,
                peers, new SignatureChecker(SignatureCheckSettings.defaults(), verifier, scheduler.clock()));
        node.subscribe(m -> delivered(i, m.payload()));
        gossip[i] = node;
    }

    /** Node {@code i} is killed: its gossip stops with it. */
    void kill(int i) {
        gossip[i].close();
    }

    /** Node {@code from} publishes a new rumor now; returns its number. */
    int publish(int from) {
        int r = deliveredAt.size();
        long[] at = new long[gossip.length];
        Arrays.fill(at, -1);
        at[from] = scheduler.clock().millis();
        deliveredAt.add(at);
        origins.add(from);
        gossip[from].publish(ByteBuffer.allocate(Integer.BYTES).putInt(r).array());
        return r;
    }

    private void delivered(int node, byte[] payload) {
        int r = ByteBuffer.wrap(payload).getInt();
        long[] at = deliveredAt.get(r);
        if (at[node] >= 0) {
            duplicates++;
        } else {
            at[node] = scheduler.clock().millis();
        }
    }

    /** Of rumors {@code from..to-1}, the deliveries to nodes {@code receiver} accepts (each rumor's origin excluded). */
    long delivered(int from, int to, IntPredicate receiver) {
        long n = 0;
        for (int r = from; r < to; r++) {
            long[] at = deliveredAt.get(r);
            for (int i = 0; i < at.length; i++) {
                if (i != origins.get(r) && receiver.test(i) && at[i] >= 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Milliseconds from {@code since} until rumor {@code r} had reached every node {@code receiver}
     * accepts (0 if all had it before), or -1 if one of them has not delivered it.
     */
    long reachedAllMillis(int r, IntPredicate receiver, long since) {
        long[] at = deliveredAt.get(r);
        long last = since;
        for (int i = 0; i < at.length; i++) {
            if (receiver.test(i)) {
                if (at[i] < 0) {
                    return -1;
                }
                last = Math.max(last, at[i]);
            }
        }
        return last - since;
    }

    /** Deliveries of a rumor a node had already delivered (there should be none). */
    long duplicates() {
        return duplicates;
    }
}
