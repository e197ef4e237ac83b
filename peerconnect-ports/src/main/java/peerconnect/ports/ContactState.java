package peerconnect.ports;

/**
 * How alive a node believes one of its contacts is, in the words of BitTorrent's mainline DHT
 * (BEP 5). Append only; shown to users by {@link #word()}.
 */
public enum ContactState {
    /** Answered one of this node's calls lately and missed none since. */
    GOOD("good"),
    /** Quiet for long, or missed an answer or two: it will be asked again, not dropped. */
    QUESTIONABLE("questionable"),
    /** Missed several answers in a row: replaced as soon as a live peer wants its place. */
    BAD("bad"),
    /** The directory does not track liveness. */
    UNKNOWN("unknown");

    private final String word;

    ContactState(String word) {
        this.word = word;
    }

    /** The lower-case word shown in listings: {@code good}, {@code questionable}, {@code bad}, {@code unknown}. */
    public String word() {
        return word;
    }
}
