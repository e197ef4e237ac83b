package peerconnect.app;

/**
 * Closes a node exactly once, whoever asks first: {@code quit}, the end of input, SIGINT/SIGTERM or the
 * JVM's shutdown hook. A second caller waits until the first close has finished, so the process does
 * not exit while the node is still saving its state.
 */
final class NodeCloser {
    private final RunningNode node;
    private boolean closed;

    NodeCloser(RunningNode node) {
        this.node = node;
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            node.close();
        }
    }
}
