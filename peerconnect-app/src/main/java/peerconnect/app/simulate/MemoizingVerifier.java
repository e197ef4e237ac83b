package peerconnect.app.simulate;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;

/**
 * A {@link SignatureVerifier} for simulations of many nodes in one JVM: it remembers the verdict on
 * each distinct (key, data, signature), so the same signature is verified once per JVM instead of once
 * per simulated node. The nodes still run every check they would (cache, budget, verdict); only the
 * CPU of the repeated Ed25519 verifications is saved. Bounded (least recently used forgotten first);
 * thread-safe.
 */
final class MemoizingVerifier implements SignatureVerifier {
    private final SignatureVerifier real;
    private final int capacity;
    private final Map<ByteBuffer, Boolean> verdicts;
    private final LongAdder verified = new LongAdder();

    MemoizingVerifier(SignatureVerifier real, int capacity) {
        this.real = Objects.requireNonNull(real, "real");
        this.capacity = capacity;
        this.verdicts = new LinkedHashMap<>(1_024, 0.75f, true);
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
        ByteBuffer key = ByteBuffer.wrap(SignatureChecker.verdictKey(publicKey, data, signature));
        synchronized (this) {
            Boolean known = verdicts.get(key);
            if (known != null) {
                return known;
            }
        }
        verified.increment();
        boolean valid = real.verify(publicKey, data, signature);
        synchronized (this) {
            verdicts.put(key, valid);
            if (verdicts.size() > capacity) {
                var eldest = verdicts.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return valid;
    }

    /** Real verifications made (the rest were answered from memory). */
    long verified() {
        return verified.sum();
    }
}
