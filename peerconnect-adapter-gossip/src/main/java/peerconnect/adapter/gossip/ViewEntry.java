package peerconnect.adapter.gossip;

import java.util.Objects;
import peerconnect.domain.PeerContact;

/**
 * One peer of a gossip view and how old the entry is: the shuffles it has been through since its peer
 * sent it first-hand (Voulgaris, Gavidia and van Steen, "CYCLON", 2005). Age saturates at one byte.
 *
 * @param contact the peer
 * @param age     0..255
 */
record ViewEntry(PeerContact contact, int age) {
    /** Largest age: it travels in one byte. */
    static final int MAX_AGE = 0xff;

    ViewEntry {
        Objects.requireNonNull(contact, "contact");
        if (age < 0 || age > MAX_AGE) {
            throw new IllegalArgumentException("age is one byte: " + age);
        }
    }

    /** A fresh entry: the peer itself just spoke. */
    static ViewEntry fresh(PeerContact contact) {
        return new ViewEntry(contact, 0);
    }

    ViewEntry older() {
        return age == MAX_AGE ? this : new ViewEntry(contact, age + 1);
    }
}
