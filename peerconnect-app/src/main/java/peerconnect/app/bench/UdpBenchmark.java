package peerconnect.app.bench;

import peerconnect.app.node.SystemScheduler;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;

/**
 * {@code bench udp}, all phases in one run so every ratio compares figures taken minutes apart at most:
 * raw blast, pipeline blast, then raw and registry round trips at each in-flight count.
 */
final class UdpBenchmark {
    /** 34-byte header + 66-byte body: the ~100-byte datagram the issue names, a typical small DHT RPC. */
    static final int DATAGRAM_BYTES = 100;
    static final List<Integer> IN_FLIGHT = List.of(1, 64);
    /** Throughput alternates raw and pipeline slices this many times. */
    static final int ROUNDS = 3;
    /** Sending before each slice is counted, so the receiver's buffer and threads are in their steady state. */
    private static final Duration SETTLE = Duration.ofMillis(50);
    private static final int RECEIVE_BUFFER_BYTES = 1 << 20; // the endpoint's default, for the raw sockets too

    private final Duration phase;
    private final Duration warmup;

    /** @param phase measured length of each phase; each also gets a warm-up of a third of it (at most 1 s) */
    UdpBenchmark(Duration phase) {
        this.phase = phase;
        this.warmup = phase.dividedBy(3).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : phase.dividedBy(3);
    }

    UdpBenchFigures run() throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        byte[] body = new byte[DATAGRAM_BYTES - EnvelopeCodec.HEADER_BYTES];
        new SplittableRandom(100).nextBytes(body);
        byte[] datagram = EnvelopeCodec.create().encode(Message.request(RootCode.KADEMLIA, (byte) 0x7f, new MessageId(1),
                PeerId.random(new SplittableRandom(101)), body));
        RawUdp raw = new RawUdp(loopback, RECEIVE_BUFFER_BYTES);
        try (SystemScheduler scheduler = new SystemScheduler("bench")) {
            PipelineUdp pipeline = new PipelineUdp(loopback, scheduler);
            UdpBenchFigures.Throughput rawThroughput = UdpBenchFigures.Throughput.NONE;
            UdpBenchFigures.Throughput pipelineThroughput = UdpBenchFigures.Throughput.NONE;
            UdpBenchFigures.Throughput sealedThroughput = UdpBenchFigures.Throughput.NONE;
            // The sending side seals too, each datagram under its own nonce, as a keyed peer would.
            NetworkKey key = NetworkKey.generate(new SecureRandom());
            DatagramSeal senderSeal = DatagramSeal.create(key, new SecureRandom());
            Supplier<byte[]> sealedDatagrams = () -> senderSeal.seal(datagram);
            try (BlastTarget rawTarget = raw.countingReceiver(); BlastTarget pipelineTarget = pipeline.countingNode();
                 BlastTarget sealedTarget = pipeline.countingNode(Optional.of(key))) {
                // Warm all up, then alternate slices: load from outside this benchmark (other processes) then
                // falls on all alike, instead of on whichever phase it happened to coincide with.
                Blast.run(rawTarget, datagram, BenchWindow.after(Duration.ZERO, warmup));
                Blast.run(pipelineTarget, datagram, BenchWindow.after(Duration.ZERO, warmup));
                Blast.run(sealedTarget, sealedDatagrams, BenchWindow.after(Duration.ZERO, warmup));
                Duration slice = phase.dividedBy(ROUNDS);
                for (int round = 0; round < ROUNDS; round++) {
                    rawThroughput = rawThroughput.plus(Blast.run(rawTarget, datagram, BenchWindow.after(SETTLE, slice)));
                    pipelineThroughput = pipelineThroughput.plus(
                            Blast.run(pipelineTarget, datagram, BenchWindow.after(SETTLE, slice)));
                    sealedThroughput = sealedThroughput.plus(
                            Blast.run(sealedTarget, sealedDatagrams, BenchWindow.after(SETTLE, slice)));
                }
            }
            List<UdpBenchFigures.RoundTrips> roundTrips = new ArrayList<>();
            for (int inFlight : IN_FLIGHT) {
                UdpBenchFigures.Latency rawLatency = raw.roundTrips(inFlight, DATAGRAM_BYTES, this::window);
                UdpBenchFigures.Latency pipelineLatency = pipeline.roundTrips(inFlight, body, this::window);
                roundTrips.add(new UdpBenchFigures.RoundTrips(inFlight, rawLatency, pipelineLatency));
            }
            return new UdpBenchFigures(phase.toNanos() / 1e9, DATAGRAM_BYTES, rawThroughput, pipelineThroughput,
                    sealedThroughput, roundTrips);
        }
    }

    /** A phase's window, asked for once its sockets and threads are set up, so setup never eats into it. */
    private BenchWindow window() {
        return BenchWindow.after(warmup, phase);
    }
}
