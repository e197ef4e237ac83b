package peerconnect.app.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import org.slf4j.LoggerFactory;

/**
 * The UDP port a data directory's node listened on last, in the file {@code port} there (one decimal
 * number), so that the next {@code run} comes back at the same address. A missing or unreadable file
 * means no memory: the node takes the default port and says nothing is wrong.
 */
public final class LastPort {
    public static final String FILE = "port";

    private LastPort() {
    }

    /** The port kept in {@code dataDir}, if there is a good one. */
    public static OptionalInt read(Path dataDir) {
        try {
            int port = Integer.parseInt(Files.readString(dataDir.resolve(FILE), StandardCharsets.US_ASCII).strip());
            return port > 0 && port <= 0xffff ? OptionalInt.of(port) : OptionalInt.empty();
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            LoggerFactory.getLogger(LastPort.class).info("ignoring {}: {}", dataDir.resolve(FILE), e.toString());
            return OptionalInt.empty();
        }
    }

    /** Keeps {@code port} for the next run: written whole or not at all. A failure is logged, not fatal. */
    public static void write(Path dataDir, int port) {
        Path file = dataDir.resolve(FILE);
        Path temp = dataDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(temp, port + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(LastPort.class).warn("cannot keep the port in {}: {}", file, e.toString());
        }
    }
}
