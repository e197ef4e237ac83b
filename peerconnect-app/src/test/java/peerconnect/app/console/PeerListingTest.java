package peerconnect.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.ContactState;
import peerconnect.ports.ContactStatus;

/** The {@code peers} listing: verified name, state word, last heard and round trip per contact, sorted by id. */
class PeerListingTest {
    private static final PeerId A = PeerId.fromHex("aa" + "0".repeat(38));
    private static final PeerId B = PeerId.fromHex("0b" + "0".repeat(38));

    private static final List<ContactStatus> CONTACTS = List.of(
            new ContactStatus(new PeerContact(A, NodeAddress.parse("10.0.0.1:4000")), ContactState.QUESTIONABLE,
                    Duration.ofSeconds(75), Duration.ofMillis(31), 12, 2, "ann's laptop"),
            new ContactStatus(new PeerContact(B, NodeAddress.parse("10.0.0.2:4000")), ContactState.GOOD,
                    Duration.ofMillis(850), Duration.ZERO, 0, 0));

    @Test
    void aLinePerContactWithItsLiveness() {
        assertEquals(List.of(
                B.toHex() + " - 10.0.0.2:4000 good heard 850ms ago rtt -",
                A.toHex() + " \"ann's laptop\" 10.0.0.1:4000 questionable heard 1m15s ago rtt 31ms missed 2"),
                PeerListing.lines(CONTACTS));
    }

    @Test
    void jsonCarriesTheSameFiguresAndLeavesOutAnUnmeasuredRtt() {
        List<Map<String, Object>> json = PeerListing.json(CONTACTS);
        assertEquals(Map.of("id", B.toHex(), "address", "10.0.0.2:4000", "state", "good", "sinceHeardMillis", 850L,
                "failures", 0), json.get(0));
        assertEquals(31L, json.get(1).get("rttMillis"));
        assertEquals("ann's laptop", json.get(1).get("name"), "the verified name; none for a peer with no record");
        assertEquals("questionable", json.get(1).get("state"));
    }

    @Test
    void aDirectoryWithoutLivenessListsIdAndAddressOnly() {
        ContactStatus plain = ContactStatus.untracked(new PeerContact(A, NodeAddress.parse("10.0.0.1:4000")));
        assertEquals(List.of(A.toHex() + " - 10.0.0.1:4000"), PeerListing.lines(List.of(plain)));
        assertEquals(List.of(Map.of("id", A.toHex(), "address", "10.0.0.1:4000")), PeerListing.json(List.of(plain)));
    }

    @Test
    void aNameIsOneWordOfTheLine() {
        assertEquals("bob", PeerListing.word("bob"));
        assertEquals("\"\"", PeerListing.word(""));
        assertEquals("\"-\"", PeerListing.word("-"), "a peer named - is told from one with no record");
        assertEquals("\"say \\\"hi\\\"\"", PeerListing.word("say \"hi\""));
        assertEquals("\"a?b\"", PeerListing.word("a\nb"));
    }

    @Test
    void spansReadInTheirBestUnit() {
        assertEquals("0ms", PeerListing.span(Duration.ZERO));
        assertEquals("12.3s", PeerListing.span(Duration.ofMillis(12_340)));
        assertEquals("61m00s", PeerListing.span(Duration.ofMinutes(61)));
    }
}
