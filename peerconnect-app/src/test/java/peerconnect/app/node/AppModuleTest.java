package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AppModuleTest {

    @Test
    void injectorBuildsAndBindsClockAndRandomness() {
        Injector injector = Guice.createInjector(new AppModule());

        Clock clock = injector.getInstance(Clock.class);
        assertSame(clock, injector.getInstance(InstantSource.class), "one clock for the whole node");
        assertInstanceOf(SecureRandom.class, injector.getInstance(RandomGenerator.class));
    }
}
