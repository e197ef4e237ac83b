package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import peerconnect.testkit.core.TestRandom;
import org.junit.jupiter.api.Test;

/**
 * One budget of signature checks per node: discovery's authenticator and the record book spend the
 * same {@link SignatureChecker}, so a flood of forged records leaves no checks for announcements and
 * a flood of announcements none for records, until the budget refills.
 */
class SharedSignatureBudgetTest {
    private static final long START = 1_790_000_000_000L;
    // 16 a second, bursts of 16 over all sources; 2 per source address: small enough to spend in a test.
    private static final SignatureCheckSettings SMALL = new SignatureCheckSettings(new RateLimit(16, 16), 1_024);

    private final DiscoveryAuthenticatorTest.HandClock clock = new DiscoveryAuthenticatorTest.HandClock(START);
    private final NodeKey self = NodeKey.generate(TestRandom.secure(1));
    private final NodeKey honest = NodeKey.generate(TestRandom.secure(2));
    // One budget, two users: as the app wires a node.
    private final SignatureChecker checks = new SignatureChecker(SMALL, SignatureVerifier.ed25519(), clock);
    private final NodeRecordBook book = new NodeRecordBook(1_024, checks);
    private final DiscoveryAuthenticator discovery = new DiscoveryAuthenticator(self, DiscoveryConfig.defaults(), clock,
            checks);

    private static NodeAddress source(int i) {
        return NodeAddress.parse("10.0." + (i / 200) + "." + (1 + i % 200) + ":4000");
    }

    /** A record of a fresh key each time, with a signature that does not verify: each one costs a check. */
    private static NodeRecord forged(int i) {
        NodeRecord real = NodeRecord.sign(NodeKey.forSimulation(1_000 + i), "f", List.of(source(i)), 1);
        return new NodeRecord(real.name(), real.addresses(), 2, real.publicKey(), real.signature());
    }

    @Test
    void aRecordFloodSpendsTheBudgetThatDiscoveryChecksNeed() {
        int overBudget = 0;
        for (int i = 0; i < 64; i++) {
            if (book.offer(forged(i), source(i)) instanceof NodeRecordBook.Refused r
                    && r.reason() == NodeRecordBook.Reason.OVER_BUDGET) {
                overBudget++;
            }
        }
        NodeAddress announcer = NodeAddress.parse("10.9.9.9:4000");
        byte[] find = new DiscoveryAuthenticator(honest, DiscoveryConfig.defaults(), clock).signFind(announcer);
        DiscoveryAuthenticator.Verdict refused = discovery.verify(DiscoveryCodec.NETWORK_FIND, honest.peerId(), announcer,
                find);
        int spent = overBudget;
        assertAll(() -> assertEquals(64 - 16, spent, "the records spent the burst of 16"),
                () -> assertEquals(new DiscoveryAuthenticator.Rejected(DiscoveryRejection.OVER_BUDGET), refused));
        clock.millis += 1_000; // the budget refills
        assertInstanceOf(DiscoveryAuthenticator.Accepted.class,
                discovery.verify(DiscoveryCodec.NETWORK_FIND, honest.peerId(), announcer, find));
        assertEquals(17, checks.checked(), "16 records and one announcement were checked, nothing more");
    }

    @Test
    void aDiscoveryFloodSpendsTheBudgetThatRecordChecksNeed() {
        long overBudget = 0;
        for (int i = 0; i < 64; i++) {
            NodeKey flooder = NodeKey.forSimulation(2_000 + i);
            byte[] find = new DiscoveryAuthenticator(flooder, DiscoveryConfig.defaults(), clock).signFind(source(i));
            find[find.length - 1] ^= 1; // forged: costs a check, never accepted
            if (discovery.verify(DiscoveryCodec.NETWORK_FIND, flooder.peerId(), source(i), find)
                    .equals(new DiscoveryAuthenticator.Rejected(DiscoveryRejection.OVER_BUDGET))) {
                overBudget++;
            }
        }
        NodeRecord valid = NodeRecord.sign(honest, "honest", List.of(NodeAddress.parse("10.9.9.9:4000")), 1);
        NodeRecordBook.Verdict v = book.offer(valid, NodeAddress.parse("10.9.9.9:4000"));
        long spent = overBudget;
        assertAll(() -> assertEquals(64 - 16, spent),
                () -> assertEquals(new NodeRecordBook.Refused(NodeRecordBook.Reason.OVER_BUDGET, java.util.Optional.empty()), v));
        clock.millis += 1_000;
        assertInstanceOf(NodeRecordBook.Accepted.class, book.offer(valid, NodeAddress.parse("10.9.9.9:4000")));
    }
}
