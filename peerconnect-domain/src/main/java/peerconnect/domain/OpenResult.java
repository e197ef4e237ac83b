package peerconnect.domain;

import java.util.Objects;

/** What {@link DatagramSeal#open} makes of a received datagram: its plaintext or a typed rejection. */
public sealed interface OpenResult {

    /** The datagram verified; {@code plaintext} is the encoded datagram that was sealed (owned by the caller). */
    record Opened(byte[] plaintext) implements OpenResult {
        public Opened {
            Objects.requireNonNull(plaintext, "plaintext");
        }
    }

    /** The datagram was refused for {@code reason}; nothing of it may be used. */
    record Rejected(SealRejection reason) implements OpenResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
