package peerconnect.ports;

/**
 * What a put did at the peers that should hold the value: how many were asked, how many stored it,
 * and why the others did not.
 *
 * @param asked        peers asked to store it (the closest found, this node included if it is one)
 * @param stored       peers that stored it
 * @param refusedQuota peers that refused: this node's address holds its share of their store
 * @param refusedFull  peers that refused: their store is full
 * @param refusedNotSource peers that refused a deletion: the value they hold was stored by another
 *                     source, and only a value's source may delete it
 * @param unanswered   peers that did not answer (or answered with another refusal)
 */
public record PutOutcome(int asked, int stored, int refusedQuota, int refusedFull, int refusedNotSource,
                         int unanswered) {

    /** Nobody asked yet: the start of a sum of answers. */
    public static final PutOutcome NONE = new PutOutcome(0, 0, 0, 0, 0, 0);

    public PutOutcome {
        if (asked < 0 || stored < 0 || refusedQuota < 0 || refusedFull < 0 || refusedNotSource < 0 || unanswered < 0
                || stored + refusedQuota + refusedFull + refusedNotSource + unanswered != asked) {
            throw new IllegalArgumentException("counts do not add up: " + asked + " asked, " + stored + " stored, "
                    + refusedQuota + " quota, " + refusedFull + " full, " + refusedNotSource + " not the source, "
                    + unanswered + " unanswered");
        }
    }

    /** Every one of {@code asked} peers stored it. */
    public static PutOutcome allStored(int asked) {
        return new PutOutcome(asked, asked, 0, 0, 0, 0);
    }

    /** Adds one peer's answer. */
    public PutOutcome plus(PutOutcome other) {
        return new PutOutcome(asked + other.asked, stored + other.stored, refusedQuota + other.refusedQuota,
                refusedFull + other.refusedFull, refusedNotSource + other.refusedNotSource,
                unanswered + other.unanswered);
    }

    /** For a person: {@code stored at 2 of 4 peers, 2 refused: quota}. */
    public String describe() {
        return "stored " + atPeers();
    }

    /** For a person, after the word "stored": {@code at 2 of 4 peers, 2 refused: quota}. */
    public String atPeers() {
        StringBuilder b = new StringBuilder("at " + stored + " of " + asked + (asked == 1 ? " peer" : " peers"));
        if (refusedQuota > 0) {
            b.append(", ").append(refusedQuota).append(" refused: quota");
        }
        if (refusedFull > 0) {
            b.append(", ").append(refusedFull).append(" refused: full");
        }
        if (refusedNotSource > 0) {
            b.append(", ").append(refusedNotSource).append(" refused: not the source");
        }
        if (unanswered > 0) {
            b.append(", ").append(unanswered).append(" did not answer");
        }
        return b.toString();
    }
}
