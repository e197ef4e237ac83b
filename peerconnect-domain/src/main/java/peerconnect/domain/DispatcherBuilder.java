package peerconnect.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link RequestsDispatcher} ({@link RequestsDispatcher#builder}): every collaborator a named
 * field. Required: the {@linkplain #transport transport}, the {@linkplain #scheduler scheduler} and the
 * {@linkplain #random randomness}. Everything else has a default, stated on its setter. Not
 * thread-safe; {@link #build} may be called more than once (each call makes a new dispatcher).
 */
public final class DispatcherBuilder {
    private final PeerId localId;
    private DispatcherConfig config = DispatcherConfig.defaults();
    private EnvelopeCodec codec;
    private DatagramSink transport;
    private Scheduler scheduler;
    private Executor executor;
    private LongSupplier nanoClock;
    private RandomGenerator random;
    private RateLimiterSettings rateLimits;
    private RateLimiter rateLimiter;
    private SealStage seal;

    DispatcherBuilder(PeerId localId) {
        this.localId = Objects.requireNonNull(localId, "localId");
    }

    /** Queue, batch, worker and reply-registry limits. Default: {@link DispatcherConfig#defaults()}. */
    public DispatcherBuilder config(DispatcherConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * The envelope codec; its maximum datagram applies to both directions. Default: the standard
     * codec, or with a {@linkplain #networkKey network key} one that leaves room for the seal's bytes.
     */
    public DispatcherBuilder codec(EnvelopeCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /** Where datagrams go out (the transport port extends {@link DatagramSink}). Required. */
    public DispatcherBuilder transport(DatagramSink transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /**
     * Time and threads: runs the workers, the reply deadlines, and gives the clock of the rate limits
     * and of verified sources ({@link Scheduler#nanoTime()}). Required.
     */
    public DispatcherBuilder scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Runs the workers instead of the scheduler. Default: the scheduler. */
    public DispatcherBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** The clock of the rate limits and of verified sources, in nanoseconds. Default: the scheduler's. */
    public DispatcherBuilder nanoClock(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        return this;
    }

    /** Draws message ids; used under the dispatcher's lock, so it need not be thread-safe. Required. */
    public DispatcherBuilder random(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /**
     * Limits on received datagrams, a limiter made on the dispatcher's clock at build time (none if
     * {@linkplain RateLimiterSettings#isUnlimited() unlimited}). Default: no limits, as simulations and
     * benchmarks need (their figures must not depend on a clock); a node sets them.
     */
    public DispatcherBuilder rateLimits(RateLimiterSettings limits) {
        this.rateLimits = Objects.requireNonNull(limits, "limits");
        this.rateLimiter = null;
        return this;
    }

    /** A limiter made by the caller (on a clock of its own); replaces {@link #rateLimits}. */
    public DispatcherBuilder rateLimiter(RateLimiter limiter) {
        this.rateLimiter = Objects.requireNonNull(limiter, "limiter");
        this.rateLimits = null;
        return this;
    }

    /** Seals everything sent and opens everything received with {@code seal}. Default: no network key. */
    public DispatcherBuilder networkKey(DatagramSeal seal) {
        return sealStage(SealStage.create(seal));
    }

    /** As {@link #networkKey}, with a seal stage made by the caller (its own replay window). */
    public DispatcherBuilder sealStage(SealStage stage) {
        this.seal = Objects.requireNonNull(stage, "stage");
        return this;
    }

    /**
     * The dispatcher.
     *
     * @throws IllegalStateException if the transport, scheduler or randomness is missing
     */
    public RequestsDispatcher build() {
        require(transport, "transport");
        require(scheduler, "scheduler");
        require(random, "random");
        Scheduler s = scheduler;
        LongSupplier clock = nanoClock != null ? nanoClock : s::nanoTime;
        RateLimiter limiter = rateLimiter != null ? rateLimiter
                : rateLimits == null || rateLimits.isUnlimited() ? RateLimiter.off()
                : RateLimiter.create(rateLimits, clock.getAsLong());
        EnvelopeCodec c = codec != null ? codec
                : seal != null ? EnvelopeCodec.withMaxDatagramBytes(seal.seal().maxPlaintextBytes())
                : EnvelopeCodec.create();
        return new RequestsDispatcher(localId, config, c, transport, executor != null ? executor : s, s, random,
                new Admission(limiter, clock), clock, Optional.ofNullable(seal));
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalStateException("a dispatcher needs a " + name + "; set it on the builder");
        }
    }
}
