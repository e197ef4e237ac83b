package peerconnect.domain.bench;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.OpenResult;

/**
 * What the network key costs per datagram, in ns: {@code seal} and {@code open} of
 * {@link DatagramSeal}, against {@code jdkSeal} and {@code jdkOpen}, the same AEAD and layout through
 * the JDK's {@code Cipher} (one cipher reused, initialised per datagram): how the seal did every
 * datagram before it had its own ChaCha20-Poly1305, and still does those over 256 bytes. At 256 bytes
 * both ways are measured ({@code seal} takes its own; 257 would take the JDK's): the crossover. {@code open}
 * takes a direct buffer, as the receive loop hands it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SealBenchmark {
    private static final byte[] AAD = {DatagramSeal.MAGIC};

    /** Bytes of the encoded datagram: the bench udp one, the largest sealed by the seal's own AEAD, the largest a sealed node sends. */
    @Param({"100", "256", "1203"})
    public int size;

    private DatagramSeal seal;
    private byte[] plain;
    private ByteBuffer sealed;
    private byte[] sealedArray;
    private SecretKeySpec key;
    private Cipher jdkSealer;
    private Cipher jdkOpener;
    private long counter;

    @Setup
    public void setUp() throws GeneralSecurityException {
        NetworkKey networkKey = NetworkKey.generate(new SecureRandom());
        seal = DatagramSeal.create(networkKey, new SecureRandom());
        plain = new byte[size];
        new SecureRandom().nextBytes(plain);
        sealedArray = seal.seal(plain);
        sealed = ByteBuffer.allocateDirect(sealedArray.length);
        sealed.put(sealedArray).flip();
        key = new SecretKeySpec(networkKey.bytes(), "ChaCha20");
        jdkSealer = Cipher.getInstance("ChaCha20-Poly1305");
        jdkOpener = Cipher.getInstance("ChaCha20-Poly1305");
    }

    @Benchmark
    public byte[] seal() {
        return seal.seal(plain);
    }

    @Benchmark
    public OpenResult open() {
        return seal.open(sealed);
    }

    @Benchmark
    public byte[] jdkSeal() throws GeneralSecurityException {
        byte[] out = new byte[plain.length + DatagramSeal.OVERHEAD_BYTES];
        out[0] = DatagramSeal.MAGIC;
        ByteBuffer.wrap(out, 1, DatagramSeal.NONCE_BYTES).putInt(7).putLong(counter++);
        jdkSealer.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(out, 1, DatagramSeal.NONCE_BYTES));
        jdkSealer.updateAAD(AAD);
        jdkSealer.doFinal(plain, 0, plain.length, out, 1 + DatagramSeal.NONCE_BYTES);
        return out;
    }

    @Benchmark
    public byte[] jdkOpen() throws GeneralSecurityException {
        byte[] copy = new byte[sealed.remaining()];
        sealed.get(sealed.position(), copy);
        byte[] out = new byte[copy.length - DatagramSeal.OVERHEAD_BYTES];
        jdkOpener.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(copy, 1, DatagramSeal.NONCE_BYTES));
        jdkOpener.updateAAD(AAD);
        jdkOpener.doFinal(copy, 1 + DatagramSeal.NONCE_BYTES, copy.length - 1 - DatagramSeal.NONCE_BYTES, out, 0);
        return out;
    }
}
