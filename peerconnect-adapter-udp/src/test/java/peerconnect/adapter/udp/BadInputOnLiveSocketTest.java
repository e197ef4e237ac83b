package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.DropReason;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.testkit.core.TestBytes;

/**
 * Garbage, truncated and oversize datagrams thrown at a live endpoint from a raw socket are counted
 * as dropped by reason, and the endpoint keeps answering valid requests.
 */
class BadInputOnLiveSocketTest {
    private final RealTimeScheduler scheduler = new RealTimeScheduler();
    private TestNode server;
    private TestNode client;

    @AfterEach
    void closeAll() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        scheduler.close();
    }

    @Test
    void badDatagramsAreCountedAndTheEndpointStillAnswers() throws Exception {
        server = new TestNode(Loopback.config(Loopback.V4, List.of()), scheduler, 11);
        client = new TestNode(Loopback.config(Loopback.V4, List.of()), scheduler, 12);
        byte[] valid = EnvelopeCodec.create().encode(Message.request(RootCode.KADEMLIA, (byte) 0x7f, new MessageId(42),
                PeerId.random(new SplittableRandom(1)), new byte[66]));
        SplittableRandom random = new SplittableRandom(2026);
        int garbage = 0;
        int truncated = 0;
        int oversize = 0;
        int empty = 0;
        try (DatagramChannel raw = DatagramChannel.open()) {
            raw.bind(new InetSocketAddress(Loopback.V4, 0));
            InetSocketAddress target = server.address().toSocketAddress();
            for (int i = 0; i < 50; i++) {
                // Garbage: random bytes under a root code no service has.
                byte[] g = new byte[3 + random.nextInt(200)]; // 3+: shorter is TRUNCATED before the root code is read
                random.nextBytes(g);
                g[0] = (byte) 0xee;
                raw.send(ByteBuffer.wrap(g), target);
                garbage++;
                // Truncated: a valid datagram cut short, past the version byte.
                raw.send(ByteBuffer.wrap(Arrays.copyOf(valid, 3 + random.nextInt(valid.length - 3))), target);
                truncated++;
            }
            for (int size : new int[] {1233, 1500, 9000, 65_000}) {
                byte[] big = new byte[size];
                System.arraycopy(valid, 0, big, 0, valid.length);
                raw.send(ByteBuffer.wrap(big), target);
                oversize++;
            }
            raw.send(ByteBuffer.allocate(0), target);
            empty++;
        }
        int bad = garbage + truncated + oversize + empty;
        assertTrue(Loopback.await(() -> server.dispatcher.stats().totalDropped() >= bad),
                () -> "not all bad datagrams were counted: " + server.dispatcher.stats());

        // Still answering.
        Message pong = client.dispatcher.request(server.address(), RootCode.KADEMLIA, TestNode.PING,
                TestBytes.utf8("still there?"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        DispatcherStats stats = server.dispatcher.stats();
        UdpTransportStats transport = server.transport.stats();
        int finalGarbage = garbage;
        int finalTruncated = truncated;
        int finalOversize = oversize;
        assertAll(
                () -> assertEquals("still there?", TestBytes.utf8(pong.body())),
                () -> assertEquals(finalGarbage, stats.dropped(DropReason.UNKNOWN_ROOT_CODE), stats.toString()),
                () -> assertEquals(finalTruncated + 1, stats.dropped(DropReason.TRUNCATED), stats.toString()),
                () -> assertEquals(finalOversize, stats.dropped(DropReason.OVERSIZE), stats.toString()),
                () -> assertEquals(bad, stats.totalDropped(), stats.toString()),
                () -> assertEquals(1, stats.dispatched()),
                () -> assertEquals(bad + 1, transport.received()),
                () -> assertEquals(finalOversize, transport.oversizeReceived()),
                () -> assertEquals(0, transport.receiveErrors()));
    }
}
