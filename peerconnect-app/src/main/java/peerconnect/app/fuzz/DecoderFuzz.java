package peerconnect.app.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.DropReason;
import peerconnect.domain.OpenResult;
import peerconnect.domain.RootCode;
import peerconnect.domain.SealRejection;
import peerconnect.domain.EnvelopeCodec;

/**
 * The decoders fed directly, one datagram at a time: {@link EnvelopeCodec#decode}, then
 * {@link DiscoveryCodec#decode} on a discovery body; {@link DatagramSeal#open} on the raw datagram
 * (never opens: it is not sealed) and on its sealed form, untouched (must open to the same bytes)
 * or mutated in transit (must be rejected). Any exception is caught, counted and kept as an escape.
 * Not thread-safe.
 */
final class DecoderFuzz {
    /** Escapes kept with their message, for the report. */
    private static final int ESCAPES_KEPT = 5;

    private final EnvelopeCodec codec = EnvelopeCodec.create();
    private final DatagramSeal seal;
    private final RandomGenerator random;

    private long decoded;
    private final Map<DropReason, Long> rejected = new EnumMap<>(DropReason.class);
    private long discoveryBodies;
    private long discoveryBodiesValid;
    private long sealedIntactOpened;
    private long sealedTamperedRejected;
    private final Map<SealRejection, Long> sealRejections = new EnumMap<>(SealRejection.class);
    private long wrong;
    private long escaped;
    private final List<String> escapes = new ArrayList<>();

    /** @param seal a seal for the sealed half of each round; its nonce start does not change the figures */
    DecoderFuzz(DatagramSeal seal, RandomGenerator random) {
        this.seal = seal;
        this.random = random;
    }

    /**
     * What the decoders made of the datagrams.
     *
     * @param wrong datagrams a decoder got wrong without throwing: an intact sealed datagram that did not
     *              open to its plaintext, or a tampered or unsealed one that opened
     */
    record Figures(long decoded, Map<DropReason, Long> rejected, long discoveryBodies, long discoveryBodiesValid,
                   long sealedIntactOpened, long sealedTamperedRejected, Map<SealRejection, Long> sealRejections,
                   long wrong, long escaped, List<String> escapes) {
        Figures {
            rejected = Map.copyOf(rejected);
            sealRejections = Map.copyOf(sealRejections);
            escapes = List.copyOf(escapes);
        }
    }

    void feed(byte[] datagram) {
        try {
            switch (codec.decode(datagram)) {
                case DecodeResult.Decoded d -> {
                    decoded++;
                    if (d.message().rootCode() == RootCode.DISCOVERY) {
                        discoveryBodies++;
                        if (DiscoveryCodec.decode(d.message().op(), d.message().body()).isPresent()) {
                            discoveryBodiesValid++;
                        }
                    }
                }
                case DecodeResult.Rejected r -> rejected.merge(r.reason(), 1L, Long::sum);
            }
        } catch (RuntimeException e) {
            escape("EnvelopeCodec/DiscoveryCodec", datagram, e);
        }
        try {
            if (seal.open(datagram) instanceof OpenResult.Opened) {
                wrong++; // an unsealed datagram opened: a forgery
            }
            if (datagram.length <= seal.maxPlaintextBytes()) {
                openSealed(datagram);
            }
        } catch (RuntimeException e) {
            escape("DatagramSeal", datagram, e);
        }
    }

    private void openSealed(byte[] plaintext) {
        byte[] sealed = seal.seal(plaintext);
        boolean tamper = random.nextBoolean();
        if (tamper) {
            switch (random.nextInt(3)) {
                case 0 -> sealed[random.nextInt(sealed.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> sealed = Arrays.copyOf(sealed, random.nextInt(sealed.length));
                default -> sealed = Arrays.copyOf(sealed, sealed.length + 1 + random.nextInt(16));
            }
        }
        switch (seal.open(sealed)) {
            case OpenResult.Opened o -> {
                if (tamper || !Arrays.equals(o.plaintext(), plaintext)) {
                    wrong++;
                } else {
                    sealedIntactOpened++;
                }
            }
            case OpenResult.Rejected r -> {
                sealRejections.merge(r.reason(), 1L, Long::sum);
                if (tamper) {
                    sealedTamperedRejected++;
                } else {
                    wrong++;
                }
            }
        }
    }

    private void escape(String where, byte[] datagram, RuntimeException e) {
        escaped++;
        if (escapes.size() < ESCAPES_KEPT) {
            escapes.add(where + ": " + e + " on " + datagram.length + " bytes starting "
                    + java.util.HexFormat.of().formatHex(datagram, 0, Math.min(datagram.length, 40)));
        }
    }

    Figures figures() {
        return new Figures(decoded, rejected, discoveryBodies, discoveryBodiesValid, sealedIntactOpened,
                sealedTamperedRejected, sealRejections, wrong, escaped, escapes);
    }
}
