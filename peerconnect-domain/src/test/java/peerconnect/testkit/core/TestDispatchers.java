package peerconnect.testkit.core;

import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import peerconnect.domain.DatagramSink;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimiter;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.TaskScheduler;
import peerconnect.domain.WireCodec;

/**
 * The one place the test kit builds a {@link RequestsDispatcher}: every fixture of the kit, and the
 * tests of other modules that need a bare dispatcher on a transport, come through here, so a change
 * of how dispatchers are made is one edit for all of them.
 */
public final class TestDispatchers {
    private TestDispatchers() {
    }

    /** A dispatcher with no rate limits, as simulations run it. */
    public static RequestsDispatcher create(PeerId id, DispatcherConfig config, WireCodec codec, DatagramSink sink,
                                            Executor executor, TaskScheduler timer, RandomGenerator random) {
        return new RequestsDispatcher(id, config, codec, sink, executor, timer, random);
    }

    /** A dispatcher whose received requests pass {@code limiter}, on the limiter clock {@code nanoClock}. */
    public static RequestsDispatcher create(PeerId id, DispatcherConfig config, WireCodec codec, DatagramSink sink,
                                            Executor executor, TaskScheduler timer, RandomGenerator random,
                                            RateLimiter limiter, LongSupplier nanoClock) {
        return new RequestsDispatcher(id, config, codec, sink, executor, timer, random, limiter, nanoClock);
    }
}
