package peerconnect.adapter.udp;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import peerconnect.domain.Message;
import peerconnect.domain.MessageKind;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RootCode;
import peerconnect.testkit.core.TestBytes;

/** Request → reply over real sockets on loopback, through the dispatcher's reply registry. */
class UnicastLoopbackTest {
    private final RealTimeScheduler scheduler = new RealTimeScheduler();
    private final List<TestNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(TestNode::close);
        scheduler.close();
    }

    private TestNode node(InetAddress ip, long seed) {
        TestNode node = new TestNode(Loopback.config(ip, List.of()), scheduler, seed);
        nodes.add(node);
        return node;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aRequestGetsItsReplyThroughTheReplyRegistry(String loopback) throws Exception {
        InetAddress ip = InetAddress.getByName(loopback);
        TestNode client = node(ip, 1);
        TestNode server = node(ip, 2);
        assertEquals(ip, server.address().ip());
        assertTrue(server.address().port() > 0, "port 0 resolved to the bound port");

        CompletableFuture<Message> reply = client.dispatcher.request(server.address(), RootCode.KADEMLIA,
                TestNode.PING, TestBytes.utf8("hello " + loopback), Duration.ofSeconds(5));
        Message pong = reply.get(10, TimeUnit.SECONDS);

        RequestEvent seen = server.nextRequest(Duration.ZERO);
        // Counters are bumped just after the datagram is handed on or the future completed: let them settle.
        Loopback.await(() -> client.dispatcher.stats().repliesMatched() == 1 && server.transport.stats().sent() == 1);
        assertAll(
                () -> assertEquals(MessageKind.REPLY, pong.kind()),
                () -> assertEquals(TestNode.PONG, pong.op()),
                () -> assertEquals("hello " + loopback, TestBytes.utf8(pong.body())),
                () -> assertEquals(server.dispatcher.localId(), pong.sender()),
                () -> assertNotNull(seen),
                () -> assertEquals(client.address(), seen.from(), "the request's source is the client's unicast port"),
                () -> assertEquals(1, client.dispatcher.stats().repliesMatched()),
                () -> assertEquals(1, server.transport.stats().received()),
                () -> assertEquals(1, server.transport.stats().sent()),
                () -> assertEquals(0, client.dispatcher.stats().totalDropped()));
    }

    @Test
    void manyConcurrentRequestsAllComplete() throws Exception {
        TestNode client = node(Loopback.V4, 3);
        TestNode server = node(Loopback.V4, 4);
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            replies.add(client.dispatcher.request(server.address(), RootCode.DISCOVERY, TestNode.PING,
                    new byte[] {(byte) i}, Duration.ofSeconds(5)));
        }
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(new byte[] {(byte) i}, replies.get(i).get(10, TimeUnit.SECONDS).body());
        }
        assertTrue(Loopback.await(() -> client.dispatcher.stats().repliesMatched() == 64),
                () -> client.dispatcher.stats().toString());
    }

    @Test
    void unicastReachesOnlyTheNodeItIsSentTo() throws Exception {
        TestNode a = node(Loopback.V4, 5);
        TestNode b = node(Loopback.V4, 6);
        TestNode c = node(Loopback.V4, 7);
        a.dispatcher.send(b.address(), RootCode.GOSSIP, (byte) 0x02, TestBytes.utf8("for b"));
        RequestEvent atB = b.nextRequest(Loopback.PATIENCE);
        assertNotNull(atB, "b got nothing");
        // A datagram that were to reach c would have arrived by the time b's did plus a margin.
        assertNull(c.nextRequest(Duration.ofMillis(200)));
        assertNull(a.nextRequest(Duration.ZERO));
        assertEquals("for b", TestBytes.utf8(atB.message().body()));
    }
}
