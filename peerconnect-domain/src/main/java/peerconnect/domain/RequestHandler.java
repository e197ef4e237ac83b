package peerconnect.domain;

/**
 * Handles the events of one root code. Runs on a dispatcher worker: it should not block (send a
 * request and compose on its future instead of waiting). An exception is caught, logged with the
 * event, counted, and does not stop the dispatcher.
 */
@FunctionalInterface
public interface RequestHandler {
    void handle(RequestEvent event) throws Exception;
}
