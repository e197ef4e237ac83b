package peerconnect.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything a message goes through on its way out, in this order: encode ({@link EnvelopeCodec}),
 * seal (with a network key, {@link SealStage}), send ({@link DatagramSink}). A datagram the sink
 * refuses is counted as a send failure and the error passed on to the caller. Thread-safe.
 */
final class OutboundPipeline {
    private final EnvelopeCodec codec;
    private final SealStage seal; // null without a network key
    private final DatagramSink sink;
    private final DispatcherCounters counters;

    OutboundPipeline(EnvelopeCodec codec, Optional<SealStage> seal, DatagramSink sink, DispatcherCounters counters) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.seal = seal.orElse(null);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /**
     * Encodes, seals and sends {@code message} to {@code to}.
     *
     * @throws MessageTooLargeException if the encoded (or sealed) datagram is over the maximum
     * @throws RuntimeException         whatever the sink throws (a closed transport)
     */
    void send(NodeAddress to, Message message) {
        byte[] datagram = codec.encode(message);
        if (seal != null) {
            datagram = seal.seal(datagram);
        }
        try {
            sink.send(to, datagram);
        } catch (RuntimeException e) {
            counters.sendFailures.increment();
            throw e;
        }
        if (seal != null) {
            seal.countSent();
        }
    }
}
