package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.NetworkConditions;

/**
 * Random and mutated gossip datagrams thrown at a live node never make its handler fail; each one is
 * either handled or counted as rejected.
 */
class GossipHandlerFuzzProperties {

    @Test
    void noDatagramMakesTheHandlerThrow() {
        qt().withFixedSeed(0xF022L).withExamples(60).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            SmallGossipNetwork net = new SmallGossipNetwork(4, GossipConfig.defaults(), NetworkConditions.perfect()
                    .withLatency(Duration.ofMillis(1), Duration.ZERO), seed);
            InMemoryEndpoint fuzzer = net.network.endpoint();
            EnvelopeCodec codec = EnvelopeCodec.create();
            PeerId fuzzerId = PeerId.random(random);
            for (int i = 0; i < 50; i++) {
                byte header;
                byte[] body;
                if (random.nextBoolean()) {
                    header = (byte) random.nextInt(8);
                    body = new byte[random.nextInt(80)];
                    random.nextBytes(body);
                } else {
                    GossipBody valid = GossipCodecProperties.randomBody(random);
                    header = valid.op().code();
                    body = GossipCodec.encode(valid);
                    int flips = random.nextInt(3);
                    for (int f = 0; f < flips && body.length > 0; f++) {
                        body[random.nextInt(body.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                }
                fuzzer.send(net.contacts.get(0).address(), codec.encode(Message.request(RootCode.GOSSIP, header,
                        new MessageId(random.nextLong()), fuzzerId, body)));
            }
            net.scheduler.runFor(Duration.ofSeconds(5));
            assertEquals(0, net.dispatchers.get(0).stats().handlerFailures(), "seed " + seed);
            assertEquals(0, net.scheduler.tasksFailed());
        });
    }
}
