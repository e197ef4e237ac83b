package peerconnect.app.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The corpus recorded from real nodes holds valid datagrams of every type the node speaks. */
class FuzzCorpusTest {
    /**
     * Every message type of every service, as {@link FuzzCorpus#types()} names them, but gossip's
     * ADDRESS_CHECK: the recorded nodes verify each other's addresses by their admission pings, so none
     * ever needs to check one (docs/BENCHMARKS.md, "Fuzzing").
     */
    static final List<String> EVERY_TYPE = List.of(
            "DISCOVERY op=0x00 REQUEST", "DISCOVERY op=0x01 REQUEST",
            "KADEMLIA op=0x01 REQUEST", "KADEMLIA op=0x81 REPLY",
            "KADEMLIA op=0x02 REQUEST", "KADEMLIA op=0x82 REPLY",
            "KADEMLIA op=0x03 REQUEST", "KADEMLIA op=0x83 REPLY",
            "KADEMLIA op=0x04 REQUEST", "KADEMLIA op=0x84 REPLY",
            "KADEMLIA op=0x05 REQUEST", "KADEMLIA op=0x85 REPLY",
            "KADEMLIA op=0x06 REQUEST", "KADEMLIA op=0x86 REPLY",
            "KADEMLIA op=0x07 REQUEST", "KADEMLIA op=0x87 REPLY",
            "GOSSIP op=0x09 REQUEST", "GOSSIP op=0x02 REQUEST", "GOSSIP op=0x03 REQUEST",
            "GOSSIP op=0x04 REQUEST", "GOSSIP op=0x05 REQUEST", "GOSSIP op=0x07 REQUEST",
            "GOSSIP op=0x08 REQUEST");

    @ParameterizedTest
    @ValueSource(longs = {1, 3, 4, 7})
    void theCorpusHoldsEveryMessageType(long seed) {
        FuzzCorpus corpus = FuzzCorpus.record(seed);
        System.err.println("fuzz corpus types, seed " + seed + ": " + corpus.types());
        for (String type : EVERY_TYPE) {
            assertTrue(corpus.types().contains(type), type + " missing from " + corpus.types());
        }
    }

    /**
     * The record requests and the records that answer them (docs/PROTOCOL.md, "Contacts prove their
     * id") are in the corpus, read by their bytes: a PING whose body starts {@code 01}, a PING answer
     * that carries a record, a FIND_NODE with {@code 01} after its target, and a FIND_NODE answer with a
     * record after its contacts.
     */
    @Test
    void theCorpusHoldsRecordRequestsAndTheRecordsThatAnswerThem() {
        FuzzCorpus corpus = FuzzCorpus.record(1);
        peerconnect.domain.EnvelopeCodec codec = peerconnect.domain.EnvelopeCodec.create();
        boolean[] seen = new boolean[4];
        for (byte[] d : corpus.datagrams()) {
            if (!(codec.decode(d) instanceof peerconnect.domain.DecodeResult.Decoded decoded)) {
                continue;
            }
            peerconnect.domain.Message m = decoded.message();
            byte[] body = m.body();
            switch (FuzzCorpus.type(m)) {
                case "KADEMLIA op=0x01 REQUEST" -> seen[0] |= body.length > 0 && body[0] == 1;
                case "KADEMLIA op=0x81 REPLY" -> seen[1] |= body.length > 0 && body[0] == 1; // a record's version
                case "KADEMLIA op=0x03 REQUEST" -> seen[2] |= body.length > 20 && body[20] == 1;
                case "KADEMLIA op=0x83 REPLY" -> seen[3] |= afterContacts(body) < body.length;
                default -> { }
            }
        }
        assertEquals("[true, true, true, true]", Arrays.toString(seen),
                "asking PING, PING answer with a record, asking FIND_NODE, FIND_NODE answer with a record");
    }

    /** The offset after a FIND_NODE answer's count and contacts (27 bytes each for IPv4, 39 for IPv6). */
    private static int afterContacts(byte[] body) {
        int pos = 1;
        for (int i = 0; i < (body[0] & 0xff) && pos < body.length; i++) {
            pos += body[pos] == 4 ? 27 : 39;
        }
        return pos;
    }

    @Test
    void theSameSeedRecordsTheSameCorpus() {
        FuzzCorpus a = FuzzCorpus.record(11);
        FuzzCorpus b = FuzzCorpus.record(11);
        assertEquals(a.types(), b.types());
        assertEquals(a.datagrams().size(), b.datagrams().size());
        for (int i = 0; i < a.datagrams().size(); i++) {
            assertTrue(Arrays.equals(a.datagrams().get(i), b.datagrams().get(i)), "datagram " + i);
        }
    }
}
