package peerconnect.app.control;

import java.util.Optional;

/**
 * Whether the control socket serves a client that connected: the decision, as a pure function. The
 * socket's file permissions (0600 in a 0700 directory) already keep other users out; this check is
 * the second lock, on the peer's user as the kernel reports it ({@code SO_PEERCRED}), for the case
 * where those permissions were widened.
 */
final class ControlAccess {
    private ControlAccess() {
    }

    /** What to do with a client. */
    sealed interface Decision {
        /** Serve it. */
        record Admit() implements Decision {
        }

        /** Send it {@code message} and close; {@code reason} is the counter to count it under. */
        record Refuse(Reason reason, String message) implements Decision {
        }
    }

    /** Why a client was refused, one counter each. */
    enum Reason { OTHER_USER, BUSY, TOO_LARGE, BAD_REQUEST, TOO_SLOW }

    /**
     * @param peerUser the connecting process's user name, if the platform tells it
     * @param owner    the user the node runs as (the socket file's owner)
     * @param active   clients being served now
     * @param max      the most served at once
     */
    static Decision decide(Optional<String> peerUser, String owner, int active, int max) {
        if (peerUser.isPresent() && !peerUser.get().equals(owner)) {
            return new Decision.Refuse(Reason.OTHER_USER, "refused: this node's control socket serves only user '"
                    + owner + "', not '" + peerUser.get() + "'.");
        }
        if (active >= max) {
            return new Decision.Refuse(Reason.BUSY, "refused: " + max + " control clients are being served already;"
                    + " try again when one has finished.");
        }
        return new Decision.Admit();
    }
}
