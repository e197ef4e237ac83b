package peerconnect.adapter.udp;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.DatagramReceiver;
import peerconnect.domain.Scheduler;

/**
 * A UDP endpoint with a dispatcher on top, as the app wires them: records every request it is handed
 * and answers a PING ({@value #PING}) with a PONG ({@value #PONG}) carrying the same body.
 */
final class TestNode implements AutoCloseable {
    static final byte PING = 0x01;
    static final byte PONG = (byte) 0x81;

    final UdpTransport transport;
    final RequestsDispatcher dispatcher;
    final BlockingQueue<RequestEvent> requests = new LinkedBlockingQueue<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("test-dispatch-", 0).factory());

    TestNode(UdpEndpointConfig config, Scheduler scheduler, long seed) {
        transport = UdpTransports.create(config, scheduler);
        SplittableRandom random = new SplittableRandom(seed);
        dispatcher = RequestsDispatcher.builder(PeerId.random(random))
                .codec(EnvelopeCodec.withMaxDatagramBytes(config.maxDatagramBytes())).transport(transport)
                .scheduler(scheduler).executor(workers).random(random).build();
        for (RootCode code : RootCode.builtIns()) {
            dispatcher.register(code, event -> {
                requests.add(event);
                if (event.message().op() == PING) {
                    event.reply(PONG, event.message().body());
                }
            });
        }
        transport.start(dispatcher);
    }

    NodeAddress address() {
        return transport.localAddress();
    }

    /** The next request handed to this node's handler, or null after {@code timeout}. */
    RequestEvent nextRequest(Duration timeout) throws InterruptedException {
        return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        dispatcher.closeNow();
        transport.close();
        workers.shutdownNow();
    }
}
