package peerconnect.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal console on a JLine terminal over test streams (an xterm as far as JLine knows): keys
 * go in as bytes, the screen comes out as bytes. Tab completes, Ctrl-D ends, history is kept in the file across consoles, and a line printed from another
 * thread while a line is half typed appears above the prompt with the typed text drawn again after it.
 * (Ctrl-C comes from the tty's line discipline as SIGINT, which a terminal on test streams does not
 * deliver to the reader: that one is checked on a real terminal, in tmux.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JLineIoTest {
    @TempDir
    Path dir;

    private PipedOutputStream keys;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private JLineIo console(Path history) throws IOException {
        keys = new PipedOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).type("xterm").size(new org.jline.terminal.Size(100, 24))
                .streams(new PipedInputStream(keys, 4096), screen).encoding(StandardCharsets.UTF_8).build();
        return JLineIo.on(terminal, history);
    }

    private void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void tabCompletesCommandsAndJsonAndCtrlDEnds() throws Exception {
        try (JLineIo io = console(dir.resolve("history"))) {
            type("sta\t--j\t\r");
            // Completion ends a word with a space, as a shell does; the parser ignores it.
            assertEquals(Optional.of("status --json "), io.readLine());
            type("pe\t\r");
            assertEquals(Optional.of("peers "), io.readLine());
            type("\u0004");
            assertEquals(Optional.empty(), io.readLine());
        }
    }

    @Test
    void historyIsKeptInTheFileAndRecalledByTheNextConsole() throws Exception {
        Path history = dir.resolve("console.history");
        try (JLineIo io = console(history)) {
            type("put greeting hello world\r");
            assertEquals(Optional.of("put greeting hello world"), io.readLine());
        }
        assertTrue(Files.readString(history).contains("put greeting hello world"));
        try (JLineIo io = console(history)) {
            type("\u0010\r"); // Ctrl-P (previous line, as Up), Enter
            assertEquals(Optional.of("put greeting hello world"), io.readLine());
        }
    }

    @Test
    void aLinePrintedWhileALineIsHalfTypedGoesAboveThePromptAndTheTypedTextSurvives() throws Exception {
        try (JLineIo io = console(dir.resolve("history"))) {
            CompletableFuture<Optional<String>> line = CompletableFuture.supplyAsync(io::readLine);
            type("put greeting hel");
            awaitScreen("put greeting hel");
            int before = screen().length();
            io.printAsync("gossip from ab12: hi there");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String after = "";
            while (System.nanoTime() < deadline) {
                after = screen().substring(before);
                int gossip = after.indexOf("gossip from ab12: hi there");
                if (gossip >= 0 && after.indexOf("peerconnect> put greeting hel", gossip) > gossip) {
                    break;
                }
                Thread.sleep(10);
            }
            int gossip = after.indexOf("gossip from ab12: hi there");
            assertTrue(gossip >= 0 && after.indexOf("peerconnect> put greeting hel", gossip) > gossip,
                    "prompt and typed text drawn again below the gossip: " + List.of(after));
            type("lo\r");
            assertEquals(Optional.of("put greeting hello"), line.get(10, TimeUnit.SECONDS));
        }
    }

    private void awaitScreen(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!screen().substring(Math.max(0, screen().length() - 2000)).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never on screen: " + text + " in " + List.of(screen()));
            }
            Thread.sleep(10);
        }
    }
}
