package peerconnect.domain;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Steps of traffic towards a rate-limited dispatcher, for the limiter properties: what arrives, from
 * which of a few sources, after how long a pause. Pauses are zero a third of the time (a burst at one
 * instant) and otherwise up to 16.6 ms in 0.1 ms steps, so the buckets both run dry and refill.
 */
sealed interface LimitedTraffic {
    /** Index of the source, into the property's own table of addresses. */
    int source();

    /** Virtual time that passes before this step, in microseconds. */
    int pauseMicros();

    /** A request from the source, handed over as an array or as a buffer. */
    record Request(int source, int pauseMicros, boolean asBuffer) implements LimitedTraffic { }

    /** A reply to no request of ours: an id alone, forged. */
    record ForgedReply(int source, int pauseMicros) implements LimitedTraffic { }

    /** One byte of junk. */
    record Junk(int source, int pauseMicros, int firstByte) implements LimitedTraffic { }

    /** We send the source a request and it answers: the reply is awaited. */
    record AwaitedReply(int source, int pauseMicros) implements LimitedTraffic { }

    /** The same step without its pause, for a shorter failure report ({@link peerconnect.testkit.core.Stateful}). */
    static List<LimitedTraffic> simpler(LimitedTraffic step) {
        if (step.pauseMicros() == 0) {
            return List.of();
        }
        return List.of(switch (step) {
            case Request r -> new Request(r.source(), 0, r.asBuffer());
            case ForgedReply r -> new ForgedReply(r.source(), 0);
            case Junk j -> new Junk(j.source(), 0, j.firstByte());
            case AwaitedReply r -> new AwaitedReply(r.source(), 0);
        });
    }

    /** Steps from {@code sources} sources; forged replies among them only if {@code forged}. */
    static Gen<LimitedTraffic> steps(int sources, boolean forged) {
        Gen<Integer> source = integers().between(0, sources - 1);
        Gen<Integer> pause = Generate.frequency(Pair.of(1, Generate.constant(0)),
                Pair.of(2, integers().between(0, 166).map(tenths -> tenths * 100)));
        Gen<LimitedTraffic> request = source.zip(pause, booleans().all(), Request::new);
        Gen<LimitedTraffic> forgedReply = source.zip(pause, ForgedReply::new);
        Gen<LimitedTraffic> junk = source.zip(pause, integers().between(0, 255), Junk::new);
        Gen<LimitedTraffic> awaited = source.zip(pause, AwaitedReply::new);
        List<Pair<Integer, Gen<LimitedTraffic>>> kinds = new ArrayList<>();
        kinds.add(Pair.of(forged ? 1 : 2, request));
        if (forged) {
            kinds.add(Pair.of(1, forgedReply));
        }
        kinds.add(Pair.of(1, junk));
        kinds.add(Pair.of(2, awaited));
        return Generate.frequency(kinds);
    }
}
