package peerconnect.testkit.ports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DropReason;
import peerconnect.domain.Message;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimit;
import peerconnect.domain.RateLimiter;
import peerconnect.domain.RateLimiterSettings;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RootCode;
import peerconnect.ports.memory.NetworkConditions;

/** The kit's network fixture: what every module's tests rely on when they build nodes on it. */
class VirtualNetworkTest {
    private static final byte ECHO = 0x11;

    @Test
    void theSameSeedGivesTheSameIdsAndAddresses() {
        assertEquals(ids(VirtualNetwork.create(7)), ids(VirtualNetwork.create(7)));
        assertNotEquals(ids(VirtualNetwork.create(7)), ids(VirtualNetwork.create(8)), "another seed, other ids");
    }

    @Test
    void aRequestBetweenTwoNodesIsAnsweredInVirtualTime() {
        VirtualNetwork net = VirtualNetwork.create(1,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(5), Duration.ZERO));
        VirtualNetwork.Node client = net.node();
        VirtualNetwork.Node server = net.node();
        server.dispatcher().register(RootCode.KADEMLIA,
                RequestHandler.nonBlocking(e -> e.reply(ECHO, e.message().body())));

        Message reply = net.await(client.dispatcher().request(server.address(), RootCode.KADEMLIA, ECHO,
                new byte[] {4, 2}, Duration.ofSeconds(1)));

        assertArrayEquals(new byte[] {4, 2}, reply.body());
        assertEquals(Duration.ofMillis(10), net.scheduler().elapsed(), "there and back, 5 ms each way");
        assertEquals(List.of(client, server), net.all());
    }

    @Test
    void awaitingAFutureNothingWillCompleteFailsWithTheSeed() {
        VirtualNetwork net = VirtualNetwork.create(42);
        AssertionError e = assertThrows(AssertionError.class, () -> net.await(new CompletableFuture<>()));
        assertTrue(e.getMessage().contains("seed 42"), e.getMessage());
    }

    @Test
    void aGivenIdAndLimiterAreUsedAndACrashedNodeStopsAnswering() {
        VirtualNetwork net = VirtualNetwork.create(3);
        PeerId id = PeerId.fromHex("ab".repeat(20));
        // One request per address, and a limiter clock that stands still: the bucket never refills.
        RateLimiterSettings one = new RateLimiterSettings(new RateLimit(1, 1), RateLimit.unlimited(),
                RateLimit.unlimited(), 10, 10);
        VirtualNetwork.Node server = net.newNode().id(id).limiter(RateLimiter.create(one, 0), () -> 0L).start();
        server.dispatcher().register(RootCode.KADEMLIA,
                RequestHandler.nonBlocking(e -> e.reply(ECHO, e.message().body())));
        VirtualNetwork.Node client = net.node();

        assertEquals(id, server.id());
        assertEquals(id, net.await(request(client, server)).sender());
        CompletableFuture<Message> limited = request(client, server);
        net.runUntilIdle();
        assertTrue(limited.isCompletedExceptionally(), "the second request was rate-limited and timed out");
        assertEquals(1, server.dispatcher().stats().dropped(DropReason.RATE_LIMITED));

        // A newcomer has a bucket of its own: it would be answered, were the server still there.
        server.crash();
        CompletableFuture<Message> afterCrash = request(net.node(), server);
        net.runUntilIdle();
        assertTrue(afterCrash.isCompletedExceptionally(), "a crashed node answers nobody");
    }

    private static CompletableFuture<Message> request(VirtualNetwork.Node from, VirtualNetwork.Node to) {
        return from.dispatcher().request(to.address(), RootCode.KADEMLIA, ECHO, new byte[] {1}, Duration.ofMillis(100));
    }

    private static List<String> ids(VirtualNetwork net) {
        return net.nodes(3).stream().map(n -> n.id() + "@" + n.address()).toList();
    }
}
