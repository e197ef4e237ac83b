package peerconnect.domain;

/**
 * How much this node may send back in answer to one inbound request: the rule against amplification
 * (docs/PROTOCOL.md, "Amplification"). A source that has not proven its address (no reply from it
 * has matched one of our requests, see {@link VerifiedSources}) may be a forged address aimed at a
 * victim, so everything sent back to it for one request, over all datagrams and headers included,
 * totals at most {@value #AMPLIFICATION_FACTOR} times the request's datagram: an attacker gains no
 * more than a small multiple of what it sends itself. A verified source gets any answer the codec
 * can carry.
 *
 * <p>The dispatcher computes this once per inbound request, when the request is routed, and carries
 * it in the {@link RequestEvent}. Handlers trim their answer to {@link #bodyBytes()} (fewer contacts,
 * records or rumors) or spend {@link #totalBytes()} over several datagrams; the dispatcher's last
 * check before sending ({@link #allows}) refuses and counts a reply that is still over it.
 *
 * @param verifiedSource whether the request's source has proven its address
 * @param totalBytes     datagram bytes (headers included) that may go back over all replies to the request;
 *                       {@link Integer#MAX_VALUE} for a verified source
 * @param bodyBytes      most body bytes one reply may carry (never more than the codec allows)
 */
public record ReplyBudget(boolean verifiedSource, int totalBytes, int bodyBytes) {
    /** The multiple of the request's datagram that an unverified source may get back. */
    public static final int AMPLIFICATION_FACTOR = 3;

    private static final ReplyBudget UNLIMITED = new ReplyBudget(true, Integer.MAX_VALUE, Integer.MAX_VALUE);

    public ReplyBudget {
        if (totalBytes < 0 || bodyBytes < 0) {
            throw new IllegalArgumentException("a reply budget is not negative: total " + totalBytes + ", body "
                    + bodyBytes);
        }
    }

    /**
     * The budget of a request of {@code requestDatagramBytes} (header and body) from a source that is
     * verified or not, answered through a codec whose bodies hold at most {@code maxBodyBytes}.
     */
    public static ReplyBudget forRequest(boolean verifiedSource, int requestDatagramBytes, int maxBodyBytes) {
        if (verifiedSource) {
            return new ReplyBudget(true, Integer.MAX_VALUE, maxBodyBytes);
        }
        int total = (int) Math.min(Integer.MAX_VALUE, (long) AMPLIFICATION_FACTOR * requestDatagramBytes);
        return new ReplyBudget(false, total, Math.max(0, Math.min(maxBodyBytes, total - EnvelopeCodec.HEADER_BYTES)));
    }

    /** No limit: for events of local code, which is not on the network and cannot be a forged source. */
    public static ReplyBudget unlimited() {
        return UNLIMITED;
    }

    /** Whether one reply with {@code replyBodyBytes} of body stays within the budget (the dispatcher's last check). */
    public boolean allows(int replyBodyBytes) {
        return verifiedSource || (long) EnvelopeCodec.HEADER_BYTES + replyBodyBytes <= totalBytes;
    }
}
