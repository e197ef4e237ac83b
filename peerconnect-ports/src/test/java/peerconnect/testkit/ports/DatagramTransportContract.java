package peerconnect.testkit.ports;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.DatagramReceiver;
import peerconnect.ports.DatagramTransport;
import peerconnect.testkit.core.TestGens;
import peerconnect.ports.TransportClosedException;

/**
 * What every {@link DatagramTransport} promises, as {@code default} test methods: a test class that
 * implements this interface and supplies a {@link Harness} runs them all against its transport. The
 * in-memory network, the sealed transport (both in the ports' tests) and real UDP on loopback (the
 * UDP adapter's tests) run it, so that simulations and the real node cannot drift apart.
 */
public interface DatagramTransportContract {
    /** The QuickTheories seed of the payload property; a failure prints it again. */
    long PAYLOAD_SEED = 20261124L;


    /** Opens transports of one kind and moves their datagrams. */
    interface Harness extends AutoCloseable {
        /** A new open transport that has joined {@link #group()}. */
        DatagramTransport open();

        /** A multicast group the transports of {@link #open} joined. */
        NodeAddress group();

        /** Lets the network run until {@code done} holds, or gives up; returns whether it holds. */
        boolean deliver(BooleanSupplier done) throws InterruptedException;

        /** Lets datagrams still in flight arrive (a duplicate, if the transport made one). */
        void settle() throws InterruptedException;

        /** The largest payload the transports of {@link #open} carry; the default maximum datagram by default. */
        default int maxPayloadBytes() {
            return 1232;
        }

        @Override
        void close();
    }

    /** A datagram as a receiver saw it. */
    record Arrival(NodeAddress from, byte[] datagram) {
    }

    /** Records arrivals, through the array and the buffer path alike. */
    final class Recorder implements DatagramReceiver {
        /** Every arrival so far, in order; safe to read from the test thread while the transport adds. */
        public final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

        @Override
        public void onDatagram(NodeAddress from, byte[] datagram) {
            arrivals.add(new Arrival(from, datagram.clone()));
        }

        @Override
        public void onDatagram(NodeAddress from, ByteBuffer datagram) {
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(datagram.position(), copy);
            arrivals.add(new Arrival(from, copy));
        }
    }

    /** The harness of this test instance: one per test method, closed after it. */
    Harness harness();

    /** Closes what the test opened. */
    @AfterEach
    default void closeHarness() {
        harness().close();
    }

    @Test
    default void aDatagramArrivesUnchangedAndFromTheSendersAddress() throws Exception {
        DatagramTransport a = harness().open();
        DatagramTransport b = harness().open();
        Recorder atB = new Recorder();
        b.start(atB);
        a.start(new Recorder());
        a.send(b.localAddress(), new byte[] {1, 2, 3});
        assertTrue(harness().deliver(() -> atB.arrivals.size() == 1));
        assertAll(
                () -> assertArrayEquals(new byte[] {1, 2, 3}, atB.arrivals.get(0).datagram()),
                () -> assertEquals(a.localAddress(), atB.arrivals.get(0).from()));
    }

    @Test
    default void everyMemberOfAGroupGetsAMulticastOnceTheSenderIncluded() throws Exception {
        List<DatagramTransport> members = List.of(harness().open(), harness().open(), harness().open());
        List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder());
        for (int i = 0; i < 3; i++) {
            members.get(i).start(recorders.get(i));
        }
        members.get(0).send(harness().group(), new byte[] {42});
        assertTrue(harness().deliver(() -> recorders.stream().allMatch(r -> r.arrivals.size() == 1)),
                () -> "arrivals: " + recorders.stream().map(r -> r.arrivals.size()).toList());
        harness().settle();
        for (Recorder r : recorders) {
            assertEquals(1, r.arrivals.size());
            assertEquals(members.get(0).localAddress(), r.arrivals.get(0).from());
        }
    }

    @Test
    default void closeIsIdempotentAndSendingAfterItFailsClearly() {
        DatagramTransport a = harness().open();
        NodeAddress somewhere = harness().open().localAddress();
        a.close();
        assertDoesNotThrow(a::close);
        assertThrows(TransportClosedException.class, () -> a.send(somewhere, new byte[1]));
    }

    @Test
    default void startingTwiceIsRefused() {
        DatagramTransport a = harness().open();
        a.start(new Recorder());
        assertThrows(IllegalStateException.class, () -> a.start(new Recorder()));
    }

    @Test
    default void anyPayloadUpToTheMaximumArrivesIntact() {
        DatagramTransport a = harness().open();
        DatagramTransport b = harness().open();
        Recorder atB = new Recorder();
        b.start(atB);
        a.start(new Recorder());
        qt().withFixedSeed(PAYLOAD_SEED).withExamples(60)
                .forAll(TestGens.bytes(0, harness().maxPayloadBytes()))
                .check(payload -> {
                    atB.arrivals.clear();
                    a.send(b.localAddress(), payload);
                    try {
                        return harness().deliver(() -> atB.arrivals.size() == 1)
                                && Arrays.equals(payload, atB.arrivals.get(0).datagram());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
    }
}
