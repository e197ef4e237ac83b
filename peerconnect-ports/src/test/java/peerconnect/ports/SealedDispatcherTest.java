package peerconnect.ports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.DropReason;
import peerconnect.domain.Message;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimit;
import peerconnect.domain.RateLimiter;
import peerconnect.domain.RateLimiterSettings;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.SealStats;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/** Dispatchers with a network key talking over the in-memory network, and their seal stages' counters. */
class SealedDispatcherTest {
    private static final byte ECHO = 0x11;
    private static final NetworkKey KEY_A = NetworkKey.generate(seeded(1));
    private static final NetworkKey KEY_B = NetworkKey.generate(seeded(2));

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(42, scheduler, NetworkConditions.perfect());
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void twoNodesWithTheSameKeyGetAReply() throws Exception {
        Node client = node(KEY_A, 3);
        Node server = node(KEY_A, 4);
        byte[] body = "hello over a sealed network".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        CompletableFuture<Message> reply = client.dispatcher.request(server.transport.localAddress(), RootCode.KADEMLIA,
                ECHO, body, Duration.ofSeconds(1));
        scheduler.runUntilIdle();

        assertArrayEquals(body, reply.get().body());
        assertEquals(new SealStats(1, 1, 0, 0, 0, 0), client.seal());
        assertEquals(new SealStats(1, 1, 0, 0, 0, 0), server.seal());
    }

    @Test
    void withDifferentKeysTheRequestTimesOutAndTheReceiverCountsARejection() {
        Node client = node(KEY_A, 3);
        Node server = node(KEY_B, 4);

        CompletableFuture<Message> reply = client.dispatcher.request(server.transport.localAddress(), RootCode.KADEMLIA,
                ECHO, new byte[] {1, 2, 3}, Duration.ofSeconds(1));
        scheduler.runUntilIdle();

        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, reply::get);
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(1, server.seal().rejectedBadTag());
        assertEquals(0, server.seal().opened());
        assertEquals(0, server.dispatcher.stats().received(), "nothing reached the dispatcher");
    }

    @Test
    void anUnsealedDatagramIsCountedAsWrongMagicAndNeverDelivered() {
        Node server = node(KEY_A, 4);
        InMemoryEndpoint outsider = network.endpoint();
        outsider.send(server.transport.localAddress(), new byte[EnvelopeCodec.HEADER_BYTES]); // an empty envelope, root code 0
        outsider.send(server.transport.localAddress(), new byte[3]);
        scheduler.runUntilIdle();

        SealStats stats = server.seal();
        assertEquals(1, stats.rejectedWrongMagic());
        assertEquals(1, stats.rejectedBadLength());
        assertEquals(2, stats.rejected());
        assertEquals(0, server.dispatcher.stats().received());
    }

    @Test
    void onANetworkThatDuplicatesEveryDatagramRequestsGetRepliesAndTheCopiesAreCountedAsReplays() throws Exception {
        InMemoryNetwork duplicating = new InMemoryNetwork(43, scheduler, NetworkConditions.perfect().withDuplication(1.0));
        Node client = node(duplicating, KEY_A, 3);
        Node server = node(duplicating, KEY_A, 4);
        int requests = 20;
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            replies.add(client.dispatcher.request(server.transport.localAddress(), RootCode.KADEMLIA, ECHO,
                    new byte[] {(byte) i}, Duration.ofSeconds(1)));
        }
        scheduler.runUntilIdle();

        for (int i = 0; i < requests; i++) {
            assertArrayEquals(new byte[] {(byte) i}, replies.get(i).get().body());
        }
        assertEquals(4L * requests, duplicating.totals().delivered(), "every request and reply arrived twice");
        assertEquals(new SealStats(requests, requests, 0, 0, 0, requests), server.seal());
        assertEquals(new SealStats(requests, requests, 0, 0, 0, requests), client.seal());
        assertEquals(requests, server.dispatcher.stats().received(), "no copy reached the dispatcher");
    }

    @Test
    void aFloodOverTheRateLimitIsRefusedBeforeTheSealIsOpenedWhileAnotherPeerIsServed() throws Exception {
        // Ten datagrams per source address and no refill (the limiter's clock stands still).
        RateLimiterSettings tenPerAddress = new RateLimiterSettings(new RateLimit(1, 10),
                new RateLimit(1_000_000, 1_000_000), new RateLimit(1_000_000, 1_000_000), 100, 100);
        Node server = node(network, KEY_A, 4, RateLimiter.create(tenPerAddress, 0));
        Node client = node(KEY_A, 3);
        InMemoryEndpoint flooder = network.endpoint();
        int flood = 1_000;
        for (int i = 0; i < flood; i++) {
            byte[] garbage = new byte[64];
            random.nextBytes(garbage);
            garbage[0] = DatagramSeal.MAGIC; // past the magic check: each one would cost a full cipher open
            flooder.send(server.transport.localAddress(), garbage);
        }
        CompletableFuture<Message> reply = client.dispatcher.request(server.transport.localAddress(), RootCode.KADEMLIA,
                ECHO, new byte[] {5}, Duration.ofSeconds(1));
        scheduler.runUntilIdle();

        assertArrayEquals(new byte[] {5}, reply.get().body());
        SealStats stats = server.seal();
        assertEquals(flood - 10, stats.rateLimited(), "refused unopened beyond the burst");
        assertEquals(10, stats.rejected(), "only the burst was tried against the key: " + stats);
        assertEquals(1, stats.opened());
        assertEquals(flood - 10, server.dispatcher.stats().dropped(DropReason.RATE_LIMITED));
        assertEquals(flood - 10 + 1, server.dispatcher.stats().received(), "the refused ones and the request");
    }

    private record Node(InMemoryEndpoint transport, RequestsDispatcher dispatcher) {
        SealStats seal() {
            return dispatcher.seal().orElseThrow().stats();
        }
    }

    private Node node(NetworkKey key, long nonceSeed) {
        return node(network, key, nonceSeed);
    }

    private Node node(InMemoryNetwork on, NetworkKey key, long nonceSeed) {
        return node(on, key, nonceSeed, RateLimiter.off());
    }

    private Node node(InMemoryNetwork on, NetworkKey key, long nonceSeed, RateLimiter limiter) {
        InMemoryEndpoint transport = on.endpoint();
        RequestsDispatcher dispatcher = RequestsDispatcher.builder(PeerId.random(random))
                .config(DispatcherConfig.defaults().withMaxWorkers(1)).transport(transport).scheduler(scheduler)
                .random(random.split()).rateLimiter(limiter).nanoClock(() -> 0L)
                .networkKey(DatagramSeal.create(key, seeded(nonceSeed))).build();
        dispatcher.register(RootCode.KADEMLIA, event -> event.reply(ECHO, event.message().body()));
        transport.start(dispatcher);
        return new Node(transport, dispatcher);
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
