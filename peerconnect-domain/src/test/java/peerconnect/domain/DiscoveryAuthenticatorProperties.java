package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.quicktheories.QuickTheory.qt;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;
import peerconnect.domain.DiscoveryAuthenticator.Rejected;
import peerconnect.testkit.core.TestGens;
import peerconnect.testkit.core.TestRandom;

class DiscoveryAuthenticatorProperties {
    private static final NodeAddress ADDRESS = NodeAddress.parse("10.0.0.2:4000");

    @Test
    void noSingleByteChangeOfASignedFindIsAcceptedAndNoneThrows() {
        DiscoveryAuthenticatorTest.HandClock clock = new DiscoveryAuthenticatorTest.HandClock(1_790_000_000_000L);
        NodeKey sender = NodeKey.generate(TestRandom.secure(11));
        byte[] find = new DiscoveryAuthenticator(sender, DiscoveryConfig.defaults(), clock).signFind(ADDRESS);
        qt().withFixedSeed(31).withExamples(1_000)
                .forAll(SourceDSL.integers().between(0, find.length - 1), SourceDSL.integers().between(1, 255))
                .checkAssert((at, xor) -> {
                    // A fresh receiver each time, so a rejection is never just the replay cache's doing.
                    DiscoveryAuthenticator receiver = new DiscoveryAuthenticator(
                            NodeKey.generate(TestRandom.secure(12)), DiscoveryConfig.defaults(), clock);
                    byte[] mutated = find.clone();
                    mutated[at] ^= xor.byteValue();
                    assertInstanceOf(Rejected.class,
                            receiver.verify(DiscoveryCodec.NETWORK_FIND, sender.peerId(), ADDRESS, mutated),
                            "byte " + at + " ^ " + xor + ": " + HexFormat.of().formatHex(mutated));
                });
    }

    @Test
    void randomBodiesAreRejectedAsMalformedOrWorseWithoutAnException() {
        DiscoveryAuthenticator receiver = new DiscoveryAuthenticator(NodeKey.generate(TestRandom.secure(13)),
                DiscoveryConfig.defaults(), new DiscoveryAuthenticatorTest.HandClock(0));
        PeerId sender = PeerId.random(new java.util.SplittableRandom(1));
        qt().withFixedSeed(32).withExamples(3_000)
                .forAll(TestGens.bytes(0, 140), SourceDSL.integers().between(0, 3))
                .checkAssert((body, header) -> assertInstanceOf(Rejected.class,
                        receiver.verify(header.byteValue(), sender, ADDRESS, body)));
        assertEquals(0, receiver.accepted());
    }
}
