package peerconnect.app.control;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a node's control socket lives: {@code control/node.sock} in its data directory. The directory
 * is made owner-only (0700) and the socket file owner-only (0600): another user can neither reach nor
 * connect to it. Nothing of this listens on the network.
 */
public final class ControlPaths {
    /** The directory of the socket, inside the data directory. */
    public static final String DIRECTORY = "control";
    /** The socket file's name. */
    public static final String SOCKET = "node.sock";
    /**
     * Linux's limit on a Unix socket path (sun_path is 108 bytes with the terminating zero); a longer
     * data directory path gets a clear error instead of the kernel's.
     */
    static final int MAX_PATH_BYTES = 107;

    private ControlPaths() {
    }

    /** The socket's directory of the node whose data directory is {@code dataDir}. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve(DIRECTORY);
    }

    /** The socket of the node whose data directory is {@code dataDir}. */
    public static Path socket(Path dataDir) {
        return directory(dataDir).resolve(SOCKET);
    }

    /** Fails with a clear message if the socket's path is longer than the kernel takes. */
    static void checkLength(Path socket) {
        int bytes = socket.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new ControlException("the control socket path " + socket + " is " + bytes
                    + " bytes long, more than the " + MAX_PATH_BYTES + " a Unix socket takes: use a shorter --data-dir.");
        }
    }

    static String reasonOf(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
