package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;
import peerconnect.testkit.core.TestGens;
import peerconnect.testkit.core.TestBytes;

class DiscoveryCodecProperties {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = TestBytes.filled(32, 0x11);
    private static final byte[] SIGNATURE = TestBytes.filled(64, 0x22);

    @Test
    void bodiesByExample() {
        NodeAddress address = NodeAddress.parse("10.0.1.2:4000");
        assertEquals("040a0001020fa0" + "11".repeat(32) + "0102030405060708" + "22".repeat(64),
                HEX.formatHex(DiscoveryCodec.encodeFind(address, KEY, 0x0102030405060708L, SIGNATURE)));
        assertEquals("040a0001020fa0" + "11".repeat(32) + "0102030405060708" + "00000000000003e8" + "22".repeat(64),
                HEX.formatHex(DiscoveryCodec.encodeReply(address, KEY, 0x0102030405060708L, 1000, SIGNATURE)));
        assertEquals("06" + "00".repeat(15) + "01" + "ffff",
                HEX.formatHex(DiscoveryCodec.encodeAddress(NodeAddress.parse("[::1]:65535"))));
    }

    @Test
    void signedBytesByExample() {
        PeerId sender = PeerId.fromHex("11".repeat(20));
        PeerId finder = PeerId.fromHex("33".repeat(20));
        NodeAddress address = NodeAddress.parse("10.0.1.2:4000");
        String label = HEX.formatHex("peerconnect-discovery-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(label + "0100" + "11".repeat(20) + "040a0001020fa0" + "0000000000000064",
                HEX.formatHex(DiscoveryCodec.signedBytes(DiscoveryCodec.NETWORK_FIND, sender, address, 100, finder, 7)));
        assertEquals(label + "0101" + "11".repeat(20) + "040a0001020fa0" + "0000000000000064" + "33".repeat(20)
                        + "0000000000000007",
                HEX.formatHex(DiscoveryCodec.signedBytes(DiscoveryCodec.NETWORK_FIND_REPLY, sender, address, 100, finder, 7)));
    }

    @Test
    void everyBodyRoundTrips() {
        qt().withFixedSeed(21).withExamples(1_000)
                .forAll(TestGens.bytes(4, 4), TestGens.bytes(16, 16), SourceDSL.integers().between(0, 0xffff),
                        SourceDSL.longs().all())
                .checkAssert((v4, v6, port, time) -> {
                    for (byte[] ip : new byte[][] {v4, v6}) {
                        NodeAddress address = NodeAddress.of(ip, port);
                        var find = assertInstanceOf(DiscoveryCodec.FindBody.class, DiscoveryCodec.decode(
                                DiscoveryCodec.NETWORK_FIND, DiscoveryCodec.encodeFind(address, KEY, time, SIGNATURE))
                                .orElseThrow());
                        assertEquals(address, find.advertised());
                        assertEquals(time, find.timestampMillis());
                        assertArrayEquals(KEY, find.publicKey());
                        assertArrayEquals(SIGNATURE, find.signature());
                        var reply = assertInstanceOf(DiscoveryCodec.ReplyBody.class, DiscoveryCodec.decode(
                                DiscoveryCodec.NETWORK_FIND_REPLY,
                                DiscoveryCodec.encodeReply(address, KEY, time, ~time, SIGNATURE)).orElseThrow());
                        assertEquals(address, reply.advertised());
                        assertEquals(time, reply.timestampMillis());
                        assertEquals(~time, reply.findTimestampMillis());
                    }
                });
    }

    @Test
    void aFindBodyIsNotAReplyBodyNorTheOtherWayRound() {
        NodeAddress address = NodeAddress.parse("10.0.1.2:4000");
        assertEquals(Optional.empty(), DiscoveryCodec.decode(DiscoveryCodec.NETWORK_FIND_REPLY,
                DiscoveryCodec.encodeFind(address, KEY, 1, SIGNATURE)));
        assertEquals(Optional.empty(), DiscoveryCodec.decode(DiscoveryCodec.NETWORK_FIND,
                DiscoveryCodec.encodeReply(address, KEY, 1, 2, SIGNATURE)));
        assertEquals(Optional.empty(), DiscoveryCodec.decode((byte) 2, DiscoveryCodec.encodeFind(address, KEY, 1, SIGNATURE)));
    }

    @Test
    void anIpv4MappedAddressSentAsIpv6IsRefused() {
        byte[] body = HEX.parseHex("06" + "00".repeat(10) + "ffff" + "0a000102" + "0fa0" + "11".repeat(32)
                + "00".repeat(8) + "22".repeat(64));
        assertEquals(Optional.empty(), DiscoveryCodec.decode(DiscoveryCodec.NETWORK_FIND, body));
    }

    @Test
    void anyOtherBodyIsRefusedWithoutAnException() {
        qt().withFixedSeed(22).withExamples(5_000)
                .forAll(TestGens.bytes(0, 140), SourceDSL.integers().between(0, 2))
                .checkAssert((body, header) -> {
                    if (body.length > 0) {
                        body[0] = (byte) (body[0] % 2 == 0 ? 4 : body[0]); // many bodies with a valid family
                    }
                    var decoded = DiscoveryCodec.decode(header.byteValue(), body);
                    // Whatever is accepted is the one encoding of what it decodes to.
                    decoded.ifPresent(b -> assertTrue(Arrays.equals(body, switch (b) {
                        case DiscoveryCodec.FindBody f -> DiscoveryCodec.encodeFind(f.advertised(), f.publicKey(),
                                f.timestampMillis(), f.signature());
                        case DiscoveryCodec.ReplyBody r -> DiscoveryCodec.encodeReply(r.advertised(), r.publicKey(),
                                r.timestampMillis(), r.findTimestampMillis(), r.signature());
                    })));
                    int tail = 32 + 8 + 64 + (header == 1 ? 8 : 0);
                    boolean shaped = header < 2 && body.length > 0
                            && (body.length == 7 + tail && body[0] == 4 || body.length == 19 + tail && body[0] == 6);
                    assertEquals(shaped, decoded.isPresent(), HEX.formatHex(body));
                });
    }

}
