package peerconnect.app.simulate;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A progress line for long work on a terminal: {@code joining: 42 % (2,100 of 5,000), 3.1 s}, written
 * over itself with a carriage return at most every {@link #EVERY}, and ended by a newline when a phase
 * completes. The clock is handed in, so the throttle is tested without waiting.
 */
final class ProgressLine implements DhtSimulation.ProgressMeter {
    /** Often enough to see it move, rarely enough to cost nothing: 4 redraws a second. */
    static final Duration EVERY = Duration.ofMillis(250);

    private final Consumer<String> terminal;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private String lastPhase = "";

    /**
     * @param terminal  receives raw text (no newline added): stderr of a terminal
     * @param nanoClock {@link System#nanoTime()} or a test's clock
     */
    ProgressLine(Consumer<String> terminal, LongSupplier nanoClock) {
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    public synchronized void update(String phase, long done, long total) {
        long now = nanoClock.getAsLong();
        boolean finished = done >= total;
        boolean newPhase = !phase.equals(lastPhase);
        if (!finished && !newPhase && now - lastDraw < EVERY.toNanos()) {
            return;
        }
        lastDraw = now;
        lastPhase = phase;
        terminal.accept("\r\033[K" + format(phase, done, total, now - start) + (finished ? System.lineSeparator() : ""));
    }

    /** The line's text, as a pure function. */
    static String format(String phase, long done, long total, long elapsedNanos) {
        long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        return String.format(Locale.ROOT, "%s: %d %% (%,d of %,d), %s", phase, percent, done, total,
                Durations.seconds(Duration.ofNanos(elapsedNanos)));
    }

    /**
     * Whether the process runs on a terminal, where a line written over itself makes sense (a pipe or
     * a log file gets only the phase lines). JDK 22+ returns a Console for pipes too and tells them apart
     * with {@code Console.isTerminal()}, called reflectively as the code targets release 21.
     */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
