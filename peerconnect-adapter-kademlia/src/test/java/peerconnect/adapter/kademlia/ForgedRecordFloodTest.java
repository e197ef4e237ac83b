package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.SignatureChecker;

/**
 * Sixteen attackers flood one node with forged records (each of a fresh key, so none is answered
 * from the cache) at several times its budget of signature checks, while that node and its peers run
 * lookups: the budget holds the checks down, and the lookups, which pay no check once the records of
 * their contacts are held, still find their targets.
 */
class ForgedRecordFloodTest {
    private static final int ATTACKERS = 16;
    private static final int ROUNDS = 50; // of 100 ms: 5 s of flood
    private static final int PER_ROUND = 8; // per attacker: 1,280 forged records a second, 3.2x the budget

    @Test
    void honestLookupsSucceedWhileForgedRecordsFloodTheBudget() {
        Cluster c = new Cluster(61);
        List<Cluster.Member> nodes = c.grow(30);
        c.runFor(Duration.ofSeconds(30));
        Cluster.Member target = nodes.get(0);
        SignatureChecker checker = c.checkerOf(target.contact().id());
        long checkedBefore = checker.checked();
        List<RawPeer> attackers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            attackers.add(RawPeer.silent(c.network.endpoint()));
        }
        List<CompletableFuture<Optional<PeerContact>>> lookups = new ArrayList<>();
        List<PeerId> wanted = new ArrayList<>();
        int forged = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (RawPeer a : attackers) {
                for (int j = 0; j < PER_ROUND; j++) {
                    NodeRecord real = NodeRecord.sign(NodeKey.forSimulation(100_000 + forged), "forged",
                            List.of(a.address()), 1);
                    NodeRecord bad = new NodeRecord(real.name(), real.addresses(), 2, real.publicKey(), real.signature());
                    a.send(target.contact().address(), bad.peerId(),
                            new KademliaCodec.StorePeerInList(PeerLists.listKeyFor(bad.peerId()), bad));
                    forged++;
                }
            }
            for (int j = 0; j < 4; j++) { // the target and a peer each look two peers up
                Cluster.Member asker = j < 2 ? target : nodes.get(1 + round % 29);
                Cluster.Member sought = nodes.get(c.random.nextInt(nodes.size()));
                if (sought == asker) {
                    continue;
                }
                wanted.add(sought.contact().id());
                lookups.add(asker.node().lookup(sought.contact().id()));
            }
            c.runFor(Duration.ofMillis(100));
        }
        c.runFor(Duration.ofSeconds(10));
        long found = 0;
        for (int i = 0; i < lookups.size(); i++) {
            Optional<PeerContact> r = lookups.get(i).getNow(Optional.empty());
            if (r.isPresent() && r.get().id().equals(wanted.get(i))) {
                found++;
            }
        }
        long checks = checker.checked() - checkedBefore;
        double share = 100.0 * found / lookups.size();
        System.out.printf("forged-record flood: %d forged records in 5 s at one node, %d signature checks made "
                        + "(%d over budget); honest lookups %d/%d = %.1f %% succeeded%n", forged, checks,
                checker.overBudget(), found, lookups.size(), share);
        long finalFound = found;
        assertAll(() -> assertTrue(share >= 99.0, finalFound + "/" + lookups.size()),
                () -> assertTrue(checker.overBudget() > 0, "the flood reached the budget"),
                // 400 a second for 5 s, bursts of 800, and the 10 s after: never more than the budget.
                () -> assertTrue(checks <= 800 + 400 * 15, "checks " + checks));
    }
}
