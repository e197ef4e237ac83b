package peerconnect.app.node;

import com.google.inject.AbstractModule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * Process-wide services every other module of the node takes by injection rather than reaching for
 * statics, so tests and simulations can swap them: the wall clock and a source of randomness.
 */
public final class AppModule extends AbstractModule {
    @Override
    protected void configure() {
        Clock clock = Clock.systemUTC();
        bind(Clock.class).toInstance(clock);
        bind(InstantSource.class).toInstance(clock);
        // Peer ids, message ids and jitter must not be guessable by another host on the LAN.
        bind(RandomGenerator.class).toInstance(new SecureRandom());
    }
}
