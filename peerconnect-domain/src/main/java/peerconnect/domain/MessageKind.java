package peerconnect.domain;

/** Whether a message asks something or answers an earlier request (flag bit 0 on the wire). */
public enum MessageKind {
    /** A request or a one-way message: dispatched to the handler of its root code. */
    REQUEST,
    /** An answer: matched against the reply registry by message id and source address. */
    REPLY
}
