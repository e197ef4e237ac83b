package peerconnect.adapter.kademlia;

import java.util.function.BooleanSupplier;
import peerconnect.domain.ReplyBudget;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.NodeRecordCodec;

/**
 * How far to pad each request towards a peer that has most likely not verified this node (we have not
 * answered a request of its recently): its answer to an unverified source is held to
 * {@value ReplyBudget#AMPLIFICATION_FACTOR}x the request (docs/PROTOCOL.md, "Amplification"), so an
 * unpadded 54-byte FIND_NODE would earn about 4 contacts instead of k. Pure and immutable.
 */
final class RequestPadding {
    private final int[] bodyBytes = new int[KademliaOp.values().length];
    // The same for requests that ask for the peer's record (PING and FIND_NODE), whose answer may carry it.
    private final int[] askingBodyBytes = new int[KademliaOp.values().length];

    /**
     * Per operation, the request body size whose budget at an unverified peer fits the largest answer:
     * a third of that answer's datagram, less the request's envelope header; 0 where answers are small.
     */
    RequestPadding(KademliaConfig config, int maxDatagram) {
        int header = EnvelopeCodec.HEADER_BYTES;
        int contacts = Math.min(config.k(), ReplyCodec.MAX_CONTACTS) * BodyWriter.MAX_CONTACT_BYTES;
        for (KademliaOp op : KademliaOp.values()) {
            int largestAnswer = switch (op) {
                case FIND_NODE -> header + 1 + contacts;
                case FIND_VALUE -> header + Math.max(2 + contacts,
                        ReplyCodec.FOUND_VALUE_OVERHEAD + config.maxValueBytes());
                case FIND_PEER_LIST, SEARCH_PEERS -> maxDatagram;
                default -> 0;
            };
            int record = op == KademliaOp.PING || op == KademliaOp.FIND_NODE ? NodeRecordCodec.MAX_BYTES : 0;
            bodyBytes[op.ordinal()] = KademliaCodec.isPaddable(op) ? third(largestAnswer, maxDatagram) : 0;
            askingBodyBytes[op.ordinal()] = record > 0
                    ? third(Math.max(largestAnswer, header) + record, maxDatagram) : bodyBytes[op.ordinal()];
        }
    }

    /** The body whose datagram, times the amplification factor, carries {@code answer} bytes (at most a datagram). */
    private static int third(int answer, int maxDatagram) {
        int factor = ReplyBudget.AMPLIFICATION_FACTOR;
        return answer == 0 ? 0
                : Math.max(0, (Math.min(answer, maxDatagram) + factor - 1) / factor - EnvelopeCodec.HEADER_BYTES);
    }

    /**
     * The body of {@code request}, padded with zeros unless {@code peerVerifiedUs} says so; asked only
     * for a request that would be padded.
     */
    byte[] body(KademliaCodec.Request request, BooleanSupplier peerVerifiedUs) {
        byte[] body = KademliaCodec.encode(request);
        int target = (request.asksRecord() ? askingBodyBytes : bodyBytes)[request.op().ordinal()];
        return target > body.length && !peerVerifiedUs.getAsBoolean() ? KademliaCodec.padded(body, target) : body;
    }

    /** The padded body size of {@code op}'s requests, 0 for those never padded. */
    int bodyBytes(KademliaOp op) {
        return bodyBytes[op.ordinal()];
    }

    /** The padded body size of {@code op}'s requests that ask for the peer's record. */
    int askingBodyBytes(KademliaOp op) {
        return askingBodyBytes[op.ordinal()];
    }
}
