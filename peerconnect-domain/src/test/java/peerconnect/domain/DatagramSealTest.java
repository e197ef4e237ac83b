package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestRandom;

/** Examples of {@link DatagramSeal}: layout, size budget, typed rejections, buffer opening. */
class DatagramSealTest {
    private final NetworkKey key = NetworkKey.generate(TestRandom.secure(7));
    private final DatagramSeal seal = DatagramSeal.create(key, TestRandom.secure(8));

    @Test
    void theDefaultBudgetLeaves1203BytesForTheEncodedDatagram() {
        assertEquals(29, DatagramSeal.OVERHEAD_BYTES);
        assertEquals(1232, seal.maxSealedBytes());
        assertEquals(1203, seal.maxPlaintextBytes());
        assertEquals(1232, seal.seal(new byte[1203]).length);
        assertThrows(MessageTooLargeException.class, () -> seal.seal(new byte[1204]));
    }

    @Test
    void aSealedDatagramStartsWithTheMagicAndConsecutiveNoncesCountUp() {
        byte[] first = seal.seal(new byte[4]);
        byte[] second = seal.seal(new byte[4]);
        assertEquals(DatagramSeal.MAGIC, first[0]);
        ByteBuffer a = ByteBuffer.wrap(first, 1, 12);
        ByteBuffer b = ByteBuffer.wrap(second, 1, 12);
        assertEquals(a.getInt(), b.getInt(), "same 4-byte prefix");
        assertEquals(a.getLong() + 1, b.getLong(), "counter + 1");
    }

    @Test
    void lengthsOutsideTheBudgetAreBadLength() {
        assertEquals(new OpenResult.Rejected(SealRejection.BAD_LENGTH), seal.open(new byte[0]));
        assertEquals(new OpenResult.Rejected(SealRejection.BAD_LENGTH), seal.open(new byte[28]));
        byte[] tooLong = new byte[1233];
        tooLong[0] = DatagramSeal.MAGIC;
        assertEquals(new OpenResult.Rejected(SealRejection.BAD_LENGTH), seal.open(tooLong));
    }

    @Test
    void anUnsealedEnvelopeIsWrongMagic() {
        Message ping = Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(42), PeerId.random(new java.util.SplittableRandom(1)), new byte[0]);
        assertEquals(new OpenResult.Rejected(SealRejection.WRONG_MAGIC), seal.open(EnvelopeCodec.create().encode(ping)));
    }

    @Test
    void aReplacedTagIsBadTag() {
        byte[] sealed = seal.seal(new byte[10]);
        for (int i = sealed.length - 16; i < sealed.length; i++) {
            sealed[i] = 0;
        }
        assertEquals(new OpenResult.Rejected(SealRejection.BAD_TAG), seal.open(sealed));
    }

    @Test
    void opensFromTheMiddleOfADirectBufferWithoutMovingIt() {
        byte[] plain = {1, 2, 3, 4, 5};
        byte[] sealed = seal.seal(plain);
        ByteBuffer buffer = ByteBuffer.allocateDirect(100);
        buffer.position(7).put(sealed).flip().position(7);
        OpenResult.Opened opened = assertInstanceOf(OpenResult.Opened.class, seal.open(buffer));
        assertArrayEquals(plain, opened.plaintext());
        assertEquals(7, buffer.position());
        assertEquals(7 + sealed.length, buffer.limit());
    }

    @Test
    void twoSealsWithTheSameKeyStartAtDifferentNonces() {
        DatagramSeal other = DatagramSeal.create(key, TestRandom.secure(9));
        byte[] a = seal.seal(new byte[1]);
        byte[] b = other.seal(new byte[1]);
        assertNotEquals(ByteBuffer.wrap(a, 1, 12), ByteBuffer.wrap(b, 1, 12));
    }

    @Test
    void openingADatagramThatCarriesTheNextNonceDoesNotBreakTheNextSeal() {
        // Found by the fuzzer (bench fuzz): nonces count up in the clear, so anyone can send a datagram
        // with the nonce this seal uses next; the JDK's ChaCha20-Poly1305 refuses to encrypt under the key
        // and nonce its previous init used, even when that init was for decrypting.
        byte[] sealed = seal.seal(new byte[8]);
        ByteBuffer nonce = ByteBuffer.wrap(sealed, 1, 12);
        int prefix = nonce.getInt();
        long counter = nonce.getLong();
        byte[] forged = new byte[DatagramSeal.OVERHEAD_BYTES + 8];
        forged[0] = DatagramSeal.MAGIC;
        ByteBuffer.wrap(forged, 1, 12).putInt(prefix).putLong(counter + 1);
        assertEquals(new OpenResult.Rejected(SealRejection.BAD_TAG), seal.open(forged));
        byte[] plain = {1, 2, 3};
        OpenResult.Opened opened = assertInstanceOf(OpenResult.Opened.class, seal.open(seal.seal(plain)));
        assertArrayEquals(plain, opened.plaintext());
    }

    @Test
    void aFailedOpenLeavesTheSealAbleToOpenTheNextGoodDatagram() {
        byte[] plain = {9, 8, 7, 6};
        byte[] good = seal.seal(plain);
        byte[] bad = good.clone();
        bad[20] ^= 1;
        assertEquals(new OpenResult.Rejected(SealRejection.BAD_TAG), seal.open(bad));
        OpenResult.Opened opened = assertInstanceOf(OpenResult.Opened.class, seal.open(good));
        assertArrayEquals(plain, opened.plaintext());
    }

    @Test
    void twoThreadsSealingAndOpeningAtOnceEachGetTheirOwnBytesBackUnderDistinctNonces() throws Exception {
        int perThread = 5_000;
        java.util.Set<Long> counters = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            byte tag = (byte) t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    byte[] plain = new byte[1 + i % 300];
                    java.util.Arrays.fill(plain, tag);
                    plain[0] = (byte) i;
                    byte[] sealed = seal.seal(plain);
                    counters.add(ByteBuffer.wrap(sealed, 5, 8).getLong());
                    if (!(seal.open(sealed) instanceof OpenResult.Opened o) || !java.util.Arrays.equals(plain, o.plaintext())) {
                        wrong.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertEquals(0, wrong.get(), "datagrams that did not open to their own bytes");
        assertEquals(2 * perThread, counters.size(), "every nonce counter used once");
    }
}
