package peerconnect.domain;

/**
 * Why a sealed datagram was refused: by {@link DatagramSeal#open}, or (for {@link #REPLAYED}) by the
 * {@link ReplayWindow} after it opened. Each is counted by the sealed transport.
 */
public enum SealRejection {
    /** Shorter than magic + nonce + tag, or longer than the seal's maximum datagram. */
    BAD_LENGTH,
    /** The first byte is not the sealed-datagram magic: an unsealed datagram or another format. */
    WRONG_MAGIC,
    /** The authentication tag does not verify: sealed with another key, or changed on the way. */
    BAD_TAG,
    /** The tag verified but its nonce was already accepted or is below the sender's {@link ReplayWindow}: a replay. */
    REPLAYED
}
