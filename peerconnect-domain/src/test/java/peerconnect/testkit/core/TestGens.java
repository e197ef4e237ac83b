package peerconnect.testkit.core;

import static org.quicktheories.generators.SourceDSL.integers;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import peerconnect.domain.PeerId;

/**
 * QuickTheories generators for the inputs most properties draw: byte arrays that shrink towards
 * short runs of zeros, and peer ids.
 */
public final class TestGens {
    private TestGens() {
    }

    /** Byte arrays of {@code minLength} to {@code maxLength} bytes, any values. */
    public static Gen<byte[]> bytes(int minLength, int maxLength) {
        return Generate.byteArrays(integers().between(minLength, maxLength),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    /** Peer ids, any 160 bits. */
    public static Gen<PeerId> peerIds() {
        return bytes(PeerId.BYTES, PeerId.BYTES).map(PeerId::of);
    }
}
