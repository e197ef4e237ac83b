package peerconnect.domain;

import static org.quicktheories.generators.SourceDSL.longs;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import peerconnect.testkit.core.TestGens;

/** QuickTheories generators for domain messages; bytes and peer ids come from the kit's {@link TestGens}. */
final class DomainGens {
    private DomainGens() {
    }

    /** Valid messages whose encoding fits {@code maxDatagramBytes}. */
    static Gen<Message> messages(int maxDatagramBytes) {
        // Built-ins and every application code: the codec treats them alike.
        java.util.List<RootCode> all = new java.util.ArrayList<>(java.util.List.of(RootCode.builtIns()));
        for (int b = RootCode.FIRST_APPLICATION; b <= RootCode.LAST_APPLICATION; b++) {
            all.add(RootCode.application(b));
        }
        Gen<RootCode> roots = Generate.pick(all);
        Gen<MessageKind> kinds = Generate.enumValues(MessageKind.class);
        Gen<Byte> headers = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
        Gen<byte[]> bodies = TestGens.bytes(0, maxDatagramBytes - EnvelopeCodec.HEADER_BYTES);
        return roots.zip(kinds, headers, longs().all(), (r, k, h, id) -> new Object[] {r, k, h, id})
                .zip(TestGens.peerIds(), bodies, (a, sender, body) -> new Message((RootCode) a[0], EnvelopeCodec.VERSION,
                        (Byte) a[2], (MessageKind) a[1], new MessageId((Long) a[3]), sender, body));
    }
}
