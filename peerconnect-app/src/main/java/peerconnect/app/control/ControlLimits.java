package peerconnect.app.control;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the control socket, so that a stuck or hostile local client cannot hold the node.
 *
 * @param maxRequestBytes longest request line in UTF-8 bytes, newline excluded
 * @param maxClients      clients served at once; one more is refused with a message
 * @param requestTime     how long a client may take to send its request line
 * @param commandTime     how long a command may run before its connection is closed
 */
public record ControlLimits(int maxRequestBytes, int maxClients, Duration requestTime, Duration commandTime) {
    /** Checks the bounds are positive. */
    public ControlLimits {
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(commandTime, "commandTime");
        if (maxRequestBytes < 1 || maxClients < 1 || requestTime.isNegative() || requestTime.isZero()
                || commandTime.isNegative() || commandTime.isZero()) {
            throw new IllegalArgumentException("control limits must be positive: " + maxRequestBytes + ", "
                    + maxClients + ", " + requestTime + ", " + commandTime);
        }
    }

    /**
     * 4 KiB: a command line with the largest value a datagram can carry (1232 bytes) fits twice over.
     * 4 clients: an operator and a few scripts; the console is not one of them. 5 s to send a line that
     * a client has ready when it connects. 60 s per command: the console's longest wait (a DHT answer,
     * 15 s) four times over.
     */
    public static ControlLimits defaults() {
        return new ControlLimits(4096, 4, Duration.ofSeconds(5), Duration.ofSeconds(60));
    }
}
