package peerconnect.adapter.kademlia;

/** What can happen to a contact's {@link Liveness}: the inputs of {@link LivenessRules#next}. */
sealed interface LivenessEvent {

    /** The node's clock when it happened, milliseconds. */
    long at();

    /**
     * The contact answered one of our calls at the address the table knows (the reply registry matched
     * the message id and the source address): proof that it is alive there.
     */
    record Answered(long at) implements LivenessEvent { }

    /**
     * A call to the contact at its known address got no usable answer after all its retries.
     *
     * @param thorough whether it was a recheck (a ping of several attempts made to tell a lost datagram
     *                 from a dead peer) rather than an ordinary call
     */
    record Failed(long at, boolean thorough) implements LivenessEvent { }

    /**
     * A request arrived with the contact's id from its known address. The source is not proven, so
     * it refreshes a quiet contact (BEP 5: a node that sent a query and has answered before is good)
     * but does not clear missed answers: only an answer does.
     */
    record Heard(long at) implements LivenessEvent { }

    /** Time passed: a good contact quiet for too long becomes questionable. */
    record Aged(long at) implements LivenessEvent { }
}
