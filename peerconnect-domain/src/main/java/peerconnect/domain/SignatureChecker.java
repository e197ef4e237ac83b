package peerconnect.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks signatures that other nodes made (rumors, node records) at most once per distinct content,
 * and never more often than a budget allows, so that a flood of forged signatures costs a bounded
 * share of one core and cannot crowd out the checks honest traffic needs.
 *
 * <p>Order, cheapest first: the cache, then the budget, then the signature. The cache maps a caller's
 * key (a rumor id, a record's peer id) to the SHA-256 of everything that was checked (public key,
 * signed bytes, signature) and the verdict, so a second copy of the same bytes is answered without a
 * check, while a copy with the same key and other bytes (a forgery reusing an id, or the honest copy
 * after a forged one) is checked on its own. Bounded: the least recently used entry is forgotten
 * beyond {@link SignatureCheckSettings#cacheCapacity()}.
 *
 * <p>Budget: {@link SignatureCheckSettings#budget()} checks a second over all sources and per source
 * prefix (every honest peer of a LAN shares one), an eighth of it per source address, as discovery's
 * checks are limited; a check beyond it is {@link Outcome#OVER_BUDGET} and nothing is cached, so the
 * same content may be checked later.
 *
 * <p>Counters ({@link #reportCounters}): {@code signatures.checked}, {@code .cacheHits},
 * {@code .overBudget}, {@code .invalid}.
 *
 * <p>Thread-safe: the signature is checked outside the lock, so several threads check at once. Time
 * comes from the injected clock.
 */
public final class SignatureChecker implements CounterSource {
    private static final MessageDigest SHA256_PROTOTYPE = sha256();
    private final SignatureVerifier verifier;
    private final InstantSource clock;
    private final int capacity;
    private final RateLimiter budget; // guarded by this
    private final Map<Long, Entry> cache; // guarded by this
    private final LongAdder checked = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder overBudget = new LongAdder();
    private final LongAdder invalid = new LongAdder();

    /** What {@link #check} decided. */
    public enum Outcome {
        /** The signature is valid (checked now, or the same bytes were checked before). */
        VALID,
        /** The signature is not valid (checked now, or the same bytes were refused before). */
        INVALID,
        /** Not checked: the budget is spent for this source or for all. */
        OVER_BUDGET
    }

    private record Entry(byte[] digest, boolean valid) {
    }

    /**
     * @param settings the budget and the cache capacity
     * @param verifier checks one signature ({@link SignatureVerifier#ed25519()} in a node)
     * @param clock    the time the budget refills by
     */
    public SignatureChecker(SignatureCheckSettings settings, SignatureVerifier verifier, InstantSource clock) {
        Objects.requireNonNull(settings, "settings");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = settings.cacheCapacity();
        RateLimit all = settings.budget();
        RateLimit perAddress = all.isUnlimited() ? all
                : new RateLimit(Math.max(1, all.perSecond() / 8), Math.max(2, all.burst() / 8));
        this.budget = RateLimiter.create(new RateLimiterSettings(perAddress, all, all, 1_024, 256),
                nanos(clock.instant()));
        // Grows as records arrive: a node of a large simulation holds about a hundred, and a table
        // sized for the capacity up front cost kilobytes per node for nothing.
        this.cache = new LinkedHashMap<>(Math.min(capacity, 16), 0.75f, true);
    }

    /**
     * Whether {@code signature} is {@code publicKey}'s signature of {@code signed}, for content that
     * {@code source} sent and the caller knows by {@code key}. Total: never throws for bad input.
     */
    public Outcome check(long key, NodeAddress source, byte[] publicKey, byte[] signed, byte[] signature) {
        byte[] digest = verdictKey(publicKey, signed, signature);
        synchronized (this) {
            Entry hit = cache.get(key);
            if (hit != null && Arrays.equals(hit.digest, digest)) {
                cacheHits.increment();
                return hit.valid ? Outcome.VALID : Outcome.INVALID;
            }
            if (budget.admit(source, nanos(clock.instant())) != RateLimiter.Verdict.ADMITTED) {
                overBudget.increment();
                return Outcome.OVER_BUDGET;
            }
        }
        checked.increment();
        boolean valid = verifier.verify(publicKey, signed, signature);
        if (!valid) {
            invalid.increment();
        }
        synchronized (this) {
            // A valid verdict is never overwritten by an invalid one for the same key: a forgery sent
            // after the honest copy must not make the honest copy's next sighting cost a check again.
            Entry old = cache.get(key);
            if (valid || old == null || !old.valid) {
                cache.put(key, new Entry(digest, valid));
                if (cache.size() > capacity) {
                    var eldest = cache.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
        }
        return valid ? Outcome.VALID : Outcome.INVALID;
    }

    /** Signatures actually checked so far (each costs one Ed25519 verification). */
    public long checked() {
        return checked.sum();
    }

    /** Checks answered from the cache, without a verification. */
    public long cacheHits() {
        return cacheHits.sum();
    }

    /** Checks refused because the budget was spent. */
    public long overBudget() {
        return overBudget.sum();
    }

    /** Signatures checked and found invalid. */
    public long invalid() {
        return invalid.sum();
    }

    /** Reports {@code signatures.checked}, {@code .cacheHits}, {@code .overBudget} and {@code .invalid}. */
    @Override
    public void reportCounters(CounterSink sink) {
        sink.counter("signatures.checked", checked());
        sink.counter("signatures.cacheHits", cacheHits());
        sink.counter("signatures.overBudget", overBudget());
        sink.counter("signatures.invalid", invalid());
    }

    /** Entries in the cache now (at most the capacity). */
    public synchronized int cacheSize() {
        return cache.size();
    }

    /**
     * What a verdict is remembered under: SHA-256 of the key, the signed bytes and the signature, so
     * a cache entry is 32 bytes however long the message. Safe to call from any thread.
     *
     * @param publicKey the signer's public key
     * @param signed    the bytes the signature covers
     * @param signature the signature
     * @return 32 bytes
     */
    public static byte[] verdictKey(byte[] publicKey, byte[] signed, byte[] signature) {
        MessageDigest sha;
        try {
            // A clone of an unused prototype: a provider lookup per check cost more than the hash.
            sha = (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
        sha.update(publicKey);
        sha.update(signed);
        sha.update(signature);
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
