package peerconnect.app.node;

/**
 * Closes a node exactly once, whoever asks first: {@code quit}, the end of input, SIGINT/SIGTERM or the
 * JVM's shutdown hook. A second caller waits until the first close has finished, so the process does
 * not exit while the node is still saving its state.
 */
public final class NodeCloser {
    private final Runnable close;
    private boolean closed;

    public NodeCloser(RunningNode node) {
        this(node::close);
    }

    /** Runs {@code close} once: the node's close and whatever must go before it (the control socket). */
    public NodeCloser(Runnable close) {
        this.close = close;
    }

    public synchronized void close() {
        if (!closed) {
            closed = true;
            close.run();
        }
    }
}
