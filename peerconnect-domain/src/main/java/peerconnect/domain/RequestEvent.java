package peerconnect.domain;

import java.util.Objects;

/**
 * One unit of work for a handler: a decoded message, where it came from, how to answer it and how
 * much the answer may weigh. A handler answers with {@link #reply} without knowing whether the event
 * came over a socket, the in-memory network, or from local code.
 *
 * @param rootCode    the service the message is for (the message's own root code)
 * @param message     the decoded envelope
 * @param from        source address of the datagram (or of the local caller)
 * @param responder   where {@link #reply} sends the answer
 * @param replyBudget how much may go back to {@code from} for this request, computed once when it arrived
 */
public record RequestEvent(RootCode rootCode, Message message, NodeAddress from, Responder responder,
                           ReplyBudget replyBudget) {

    public RequestEvent {
        Objects.requireNonNull(rootCode, "rootCode");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(replyBudget, "replyBudget");
        if (!rootCode.equals(message.rootCode())) {
            throw new IllegalArgumentException("event root code " + rootCode + " differs from its message's "
                    + message.rootCode());
        }
    }

    /** An event for local code to {@linkplain RequestsDispatcher#submit submit}: its answers are not limited. */
    public static RequestEvent local(Message message, NodeAddress from, Responder responder) {
        return new RequestEvent(message.rootCode(), message, from, responder, ReplyBudget.unlimited());
    }

    /** Size of the request's datagram on the wire: envelope header plus body. */
    public int datagramBytes() {
        return EnvelopeCodec.HEADER_BYTES + message.bodyLength();
    }

    /** Answers the sender with a reply carrying this message's id. */
    public void reply(byte op, byte[] body) {
        responder.respond(this, op, body);
    }
}
