package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The application range of root codes: its checks, and the dispatcher routing every code by its byte. */
class ApplicationRootCodeTest {
    private static final NodeAddress PEER = NodeAddress.parse("127.0.0.2:4000");
    private static final PeerId ME = PeerId.fromHex("aa".repeat(20));
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EnvelopeCodec codec = EnvelopeCodec.create();
    private final RequestsDispatcher dispatcher = RequestsDispatcher.builder(ME).codec(codec)
            .config(DispatcherConfig.defaults().withMaxWorkers(1)).transport((to, bytes) -> { })
            .scheduler(scheduler).random(new SplittableRandom(1)).build();

    private byte[] request(RootCode root, long id) {
        return codec.encode(Message.request(root, (byte) 1, new MessageId(id), THEM, new byte[] {7}));
    }

    @Test
    void everyByteOfTheApplicationRangeIsAnApplicationCodeAndNothingElseIs() {
        for (int b = 0; b < 256; b++) {
            int code = b;
            boolean inRange = b >= 0x20 && b <= 0x7f;
            if (inRange) {
                RootCode root = RootCode.application(b);
                assertEquals(b, root.index());
                assertTrue(root.isApplication());
                assertFalse(root.isBuiltIn());
                assertSame(root, RootCode.of((byte) b).orElseThrow(), "one instance per byte");
            } else {
                assertThrows(InvalidRootCodeException.class, () -> RootCode.application(code), "0x" + Integer.toHexString(b));
            }
        }
        assertThrows(InvalidRootCodeException.class, () -> RootCode.application(-1));
        assertThrows(InvalidRootCodeException.class, () -> RootCode.application(0x120));
    }

    @Test
    void theRangeAvoidsTheBuiltInsAndTheSealsMagicByte() {
        for (RootCode builtIn : RootCode.builtIns()) {
            assertTrue(builtIn.isBuiltIn());
            assertThrows(InvalidRootCodeException.class, () -> RootCode.application(builtIn.index()));
        }
        int magic = DatagramSeal.MAGIC & 0xff;
        assertThrows(InvalidRootCodeException.class, () -> RootCode.application(magic));
        assertTrue(RootCode.of(DatagramSeal.MAGIC).isEmpty(), "a sealed datagram never reads as a plain one");
    }

    @Test
    void reservedBytesAreNoRootCode() {
        for (int b : new int[] {0x03, 0x1f, 0x80, 0xff}) {
            assertTrue(RootCode.of((byte) b).isEmpty(), Integer.toHexString(b));
        }
        assertEquals(RootCode.GOSSIP, RootCode.of((byte) 0x02).orElseThrow());
    }

    @Test
    void equalityIsByByteAndTheNameSaysWhichCode() {
        assertEquals(RootCode.application(0x2a), RootCode.of((byte) 0x2a).orElseThrow());
        assertEquals(RootCode.application(0x2a).hashCode(), RootCode.application(0x2a).hashCode());
        assertNotEquals(RootCode.application(0x2a), RootCode.application(0x2b));
        assertEquals("APPLICATION_0x2A", RootCode.application(0x2a).toString());
        assertEquals("GOSSIP", RootCode.GOSSIP.name());
    }

    @Test
    void theDispatcherRoutesEachApplicationCodeToItsOwnHandler() {
        List<String> handled = new ArrayList<>();
        RootCode chat = RootCode.application(0x20);
        RootCode files = RootCode.application(0x7f);
        dispatcher.register(chat, e -> handled.add("chat " + e.message().id().value()));
        dispatcher.register(files, e -> handled.add("files " + e.message().id().value()));
        dispatcher.register(RootCode.GOSSIP, e -> handled.add("gossip " + e.message().id().value()));
        dispatcher.onDatagram(PEER, request(files, 1));
        dispatcher.onDatagram(PEER, request(chat, 2));
        dispatcher.onDatagram(PEER, request(RootCode.GOSSIP, 3));
        scheduler.runReady();
        assertEquals(List.of("gossip 3", "files 1", "chat 2"), handled, "gossip's lane first, then the application lane in arrival order");
        assertEquals(3, dispatcher.stats().dispatched());
    }

    @Test
    void anApplicationCodeWithNoHandlerIsDroppedAndCounted() {
        RootCode chat = RootCode.application(0x21);
        dispatcher.onDatagram(PEER, request(chat, 1));
        dispatcher.register(chat, e -> { });
        dispatcher.unregister(chat);
        dispatcher.onDatagram(PEER, request(chat, 2));
        scheduler.runReady();
        DispatcherStats stats = dispatcher.stats();
        assertEquals(2, stats.dropped(DropReason.NO_HANDLER));
        assertEquals(0, stats.dispatched());
        assertEquals(stats.received(), stats.dispatched() + stats.totalDropped());
    }

    @Test
    void underLoadApplicationRequestsAreShedBeforeGossip() {
        RequestsDispatcher small = RequestsDispatcher.builder(ME).codec(codec)
                .config(DispatcherConfig.defaults().withMaxWorkers(1).withQueueCapacity(2)).transport((to, bytes) -> { })
                .scheduler(scheduler).random(new SplittableRandom(1)).build();
        List<RootCode> handled = new ArrayList<>();
        RootCode app = RootCode.application(0x30);
        small.register(app, e -> handled.add(e.rootCode()));
        small.register(RootCode.GOSSIP, e -> handled.add(e.rootCode()));
        small.onDatagram(PEER, request(app, 1));
        small.onDatagram(PEER, request(app, 2));
        small.onDatagram(PEER, request(RootCode.GOSSIP, 3)); // displaces application 2
        small.onDatagram(PEER, request(RootCode.GOSSIP, 4)); // displaces application 1
        scheduler.runReady();
        assertEquals(List.of(RootCode.GOSSIP, RootCode.GOSSIP), handled);
        assertEquals(2, small.stats().dropped(DropReason.SHED));
    }
}
