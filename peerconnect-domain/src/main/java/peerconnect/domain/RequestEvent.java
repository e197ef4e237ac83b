package peerconnect.domain;

import java.util.Objects;

/**
 * One unit of work for a handler: a decoded message, where it came from, and how to answer it.
 * A handler answers with {@link #reply} without knowing whether the event came over a socket, the
 * in-memory network, or from local code.
 *
 * @param rootCode  the service the message is for (the message's own root code)
 * @param message   the decoded envelope
 * @param from      source address of the datagram (or of the local caller)
 * @param responder where {@link #reply} sends the answer
 */
public record RequestEvent(RootCode rootCode, Message message, NodeAddress from, Responder responder) {
    /**
     * Everything a node sends back to a source that has not proven its address, in answer to one
     * request, totals at most this many times the request's datagram (docs/PROTOCOL.md, "Amplification").
     */
    public static final int AMPLIFICATION_FACTOR = 3;

    public RequestEvent {
        Objects.requireNonNull(rootCode, "rootCode");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(responder, "responder");
        if (rootCode != message.rootCode()) {
            throw new IllegalArgumentException("event root code " + rootCode + " differs from its message's "
                    + message.rootCode());
        }
    }

    /** An event for local code to {@linkplain RequestsDispatcher#submit submit}. */
    public static RequestEvent local(Message message, NodeAddress from, Responder responder) {
        return new RequestEvent(message.rootCode(), message, from, responder);
    }

    /** Size of the request's datagram on the wire: envelope header plus body. */
    public int datagramBytes() {
        return EnvelopeCodec.HEADER_BYTES + message.bodyLength();
    }

    /** Whether the source address has proven itself (a reply from it matched one of our requests). */
    public boolean fromVerifiedSource() {
        return responder.isVerified(from);
    }

    /**
     * Total datagram bytes (headers included) this node may send back to {@link #from} in answer to
     * this event, over all datagrams: {@link #AMPLIFICATION_FACTOR} times {@link #datagramBytes()}
     * for an unverified source, {@link Integer#MAX_VALUE} for a verified one.
     */
    public int replyBytesBudget() {
        return fromVerifiedSource() ? Integer.MAX_VALUE : AMPLIFICATION_FACTOR * datagramBytes();
    }

    /**
     * Most body bytes a single {@link #reply} may carry; handlers trim their answer to it (fewer
     * contacts, records or rumors). Never more than the codec allows when the dispatcher answers.
     */
    public int replyBodyBudget() {
        return responder.replyBodyBudget(this);
    }

    /** Answers the sender with a reply carrying this message's id. */
    public void reply(byte header, byte[] body) {
        responder.respond(this, header, body);
    }
}
