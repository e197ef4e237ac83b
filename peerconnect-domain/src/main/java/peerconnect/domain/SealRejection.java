package peerconnect.domain;

/** Why {@link DatagramSeal#open} refused a datagram. Each is counted by the sealed transport. */
public enum SealRejection {
    /** Shorter than magic + nonce + tag, or longer than the seal's maximum datagram. */
    BAD_LENGTH,
    /** The first byte is not the sealed-datagram magic: an unsealed datagram or another format. */
    WRONG_MAGIC,
    /** The authentication tag does not verify: sealed with another key, or changed on the way. */
    BAD_TAG
}
