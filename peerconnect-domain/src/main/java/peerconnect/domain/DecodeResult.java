package peerconnect.domain;

import java.util.Objects;

/** What {@link EnvelopeCodec#decode} makes of a byte array: a message, or a typed rejection. */
public sealed interface DecodeResult {

    /** The bytes were a well-formed message. */
    record Decoded(Message message) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The bytes were refused; {@code detail} says what was wrong, for logs. */
    record Rejected(DropReason reason, String detail) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
