package peerconnect.adapter.gossip;

import peerconnect.domain.RequestEvent;
import peerconnect.domain.EnvelopeCodec;

/**
 * What is left of the bytes this node may send back to one request's source (docs/PROTOCOL.md,
 * "Amplification"): unlimited for a verified source, else 3x the request's datagram. Gossip answers a
 * DIGEST or PULL_REQUEST with several datagrams (rumors, a pull request), so it counts them here.
 * Not thread-safe: used within one handler call.
 */
final class ReplyAllowance {
    private int left;

    /** The allowance for answering {@code event}. */
    ReplyAllowance(RequestEvent event) {
        this(event.replyBudget().totalBytes());
    }

    /** An allowance of {@code budgetBytes} whole datagrams' bytes; {@link Integer#MAX_VALUE}: a verified source, no limit. */
    ReplyAllowance(int budgetBytes) {
        this.left = budgetBytes;
    }

    /** Spends a datagram of {@code bodyBytes} if it fits; returns whether it did. */
    boolean spend(int bodyBytes) {
        int bytes = EnvelopeCodec.HEADER_BYTES + bodyBytes;
        if (bytes > left) {
            return false;
        }
        if (left != Integer.MAX_VALUE) {
            left -= bytes;
        }
        return true;
    }

    /**
     * Sets aside a datagram of {@code bodyBytes} (an address check) if the source is unverified and it
     * fits; returns whether it was set aside. A verified source needs no check.
     */
    boolean reserve(int bodyBytes) {
        if (left == Integer.MAX_VALUE) {
            return false;
        }
        int bytes = EnvelopeCodec.HEADER_BYTES + bodyBytes;
        if (bytes > left) {
            return false;
        }
        left -= bytes;
        return true;
    }

    /** Most body bytes the next datagram may carry (negative if not even a header fits). */
    int bodyRoom() {
        return left == Integer.MAX_VALUE ? Integer.MAX_VALUE : left - EnvelopeCodec.HEADER_BYTES;
    }
}
