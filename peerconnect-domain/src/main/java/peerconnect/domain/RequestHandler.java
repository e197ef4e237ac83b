package peerconnect.domain;

import java.util.Objects;

/**
 * Handles the events of one root code. Runs on a dispatcher worker: it should not block (send a
 * request and compose on its future instead of waiting). An exception is caught, logged with the
 * event, counted, and does not stop the dispatcher.
 */
@FunctionalInterface
public interface RequestHandler {
    void handle(RequestEvent event) throws Exception;

    /**
     * Whether this handler promises never to block (no I/O, no waiting; only short critical
     * sections), which lets the dispatcher run it on the receiving thread while it is idle instead of
     * waking a worker. See {@link #nonBlocking}.
     */
    default boolean isNonBlocking() {
        return false;
    }

    /**
     * {@code handler}, marked as never blocking. When the dispatcher is idle (nothing queued, no
     * worker running) it then handles a request from the network at once on the receiving thread:
     * a worker wake-up costs about as much as a whole loopback round trip. Under load requests queue
     * as usual, so priorities and shedding still apply.
     */
    static RequestHandler nonBlocking(RequestHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return new RequestHandler() {
            @Override
            public void handle(RequestEvent event) throws Exception {
                handler.handle(event);
            }

            @Override
            public boolean isNonBlocking() {
                return true;
            }
        };
    }
}
