package peerconnect.domain;

/**
 * How a handler's answer gets back to the event's sender. The dispatcher supplies one that encodes
 * and sends through the transport; local code that {@linkplain RequestsDispatcher#submit submits}
 * an event supplies its own (for example one completing a future).
 */
@FunctionalInterface
public interface Responder {
    /**
     * Answers {@code event} with a reply of the given op byte and body; the reply repeats the
     * event's message id. Must not block.
     */
    void respond(RequestEvent event, byte op, byte[] body);

    /** A responder for events nobody can answer: replying to them fails with a clear error. */
    static Responder none() {
        return (event, op, body) -> {
            throw new PeerConnectException("event " + event.message().id() + " from " + event.from()
                    + " has no way to be answered");
        };
    }
}
