package peerconnect.domain;

/**
 * Why a received datagram was not dispatched. Every datagram the dispatcher receives ends in exactly
 * one of: dispatched, matched to an awaited reply, or dropped with one of these reasons.
 */
public enum DropReason {
    /** Larger than the configured maximum datagram size. */
    OVERSIZE,
    /** Shorter than its header or its declared body length. */
    TRUNCATED,
    /** Structurally wrong: reserved flag bits set, bytes after the declared body. */
    MALFORMED,
    /** First byte is no known root code. */
    UNKNOWN_ROOT_CODE,
    /** Written with a wire version this node does not speak. */
    UNSUPPORTED_VERSION,
    /** No handler registered for the root code. */
    NO_HANDLER,
    /** Queues were full and this event had the lowest priority. */
    SHED,
    /** A reply whose request already timed out. */
    LATE_REPLY,
    /** A reply to no request we remember. */
    UNKNOWN_REPLY,
    /** A reply with a known id but from another address than the request went to (forged or misrouted). */
    REPLY_SOURCE_MISMATCH,
    /** Arrived or was still queued while the dispatcher closed. */
    CLOSED,
    /**
     * Over a rate limit of its source address, its source prefix or all sources; never decoded (with
     * a network key, never even opened: docs/PROTOCOL.md, "Rate limits").
     */
    RATE_LIMITED
}
