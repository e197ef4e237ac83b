package peerconnect.adapter.kademlia;

import java.util.function.BooleanSupplier;
import peerconnect.domain.ReplyBudget;
import peerconnect.domain.EnvelopeCodec;

/**
 * How far to pad each request towards a peer that has most likely not verified this node (we have not
 * answered a request of its recently): its answer to an unverified source is held to
 * {@value ReplyBudget#AMPLIFICATION_FACTOR}x the request (docs/PROTOCOL.md, "Amplification"), so an
 * unpadded 54-byte FIND_NODE would earn about 4 contacts instead of k. Pure and immutable.
 */
final class RequestPadding {
    private final int[] bodyBytes = new int[KademliaOp.values().length];

    /**
     * Per operation, the request body size whose budget at an unverified peer fits the largest answer:
     * a third of that answer's datagram, less the request's envelope header; 0 where answers are small.
     */
    RequestPadding(KademliaConfig config, int maxDatagram) {
        int header = EnvelopeCodec.HEADER_BYTES;
        int contacts = Math.min(config.k(), KademliaCodec.MAX_CONTACTS) * BodyWriter.MAX_CONTACT_BYTES;
        for (KademliaOp op : KademliaOp.values()) {
            int largestAnswer = switch (op) {
                case FIND_NODE -> header + 1 + contacts;
                case FIND_VALUE -> header + Math.max(2 + contacts,
                        KademliaCodec.FOUND_VALUE_OVERHEAD + config.maxValueBytes());
                case FIND_PEER_LIST, SEARCH_PEERS -> maxDatagram;
                default -> 0;
            };
            largestAnswer = Math.min(largestAnswer, maxDatagram);
            int factor = ReplyBudget.AMPLIFICATION_FACTOR;
            bodyBytes[op.ordinal()] = KademliaCodec.isPaddable(op)
                    ? Math.max(0, (largestAnswer + factor - 1) / factor - header) : 0;
        }
    }

    /**
     * The body of {@code request}, padded with zeros unless {@code peerVerifiedUs} says so; asked only
     * for a request that would be padded.
     */
    byte[] body(KademliaCodec.Request request, BooleanSupplier peerVerifiedUs) {
        byte[] body = KademliaCodec.encode(request);
        int target = bodyBytes[request.op().ordinal()];
        return target > body.length && !peerVerifiedUs.getAsBoolean() ? KademliaCodec.padded(body, target) : body;
    }

    /** The padded body size of {@code op}'s requests, 0 for those never padded. */
    int bodyBytes(KademliaOp op) {
        return bodyBytes[op.ordinal()];
    }
}
