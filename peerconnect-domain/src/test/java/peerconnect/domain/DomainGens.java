package peerconnect.domain;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for domain values, shared by the property tests. */
final class DomainGens {
    private DomainGens() {
    }

    static Gen<byte[]> bytes(int minLength, int maxLength) {
        return Generate.byteArrays(integers().between(minLength, maxLength),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static Gen<PeerId> peerIds() {
        return bytes(PeerId.BYTES, PeerId.BYTES).map(PeerId::of);
    }

    /** Valid messages whose encoding fits {@code maxDatagramBytes}. */
    static Gen<Message> messages(int maxDatagramBytes) {
        Gen<RootCode> roots = Generate.enumValues(RootCode.class);
        Gen<MessageKind> kinds = Generate.enumValues(MessageKind.class);
        Gen<Byte> headers = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
        Gen<byte[]> bodies = bytes(0, maxDatagramBytes - EnvelopeCodec.HEADER_BYTES);
        return roots.zip(kinds, headers, longs().all(), (r, k, h, id) -> new Object[] {r, k, h, id})
                .zip(peerIds(), bodies, (a, sender, body) -> new Message((RootCode) a[0], EnvelopeCodec.VERSION,
                        (Byte) a[2], (MessageKind) a[1], new MessageId((Long) a[3]), sender, body));
    }
}
