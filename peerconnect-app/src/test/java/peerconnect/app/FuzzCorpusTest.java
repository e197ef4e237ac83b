package peerconnect.app;

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
            "DISCOVERY header=0x00 REQUEST", "DISCOVERY header=0x01 REQUEST",
            "KADEMLIA header=0x01 REQUEST", "KADEMLIA header=0x81 REPLY",
            "KADEMLIA header=0x02 REQUEST", "KADEMLIA header=0x82 REPLY",
            "KADEMLIA header=0x03 REQUEST", "KADEMLIA header=0x83 REPLY",
            "KADEMLIA header=0x04 REQUEST", "KADEMLIA header=0x84 REPLY",
            "KADEMLIA header=0x05 REQUEST", "KADEMLIA header=0x85 REPLY",
            "KADEMLIA header=0x06 REQUEST", "KADEMLIA header=0x86 REPLY",
            "KADEMLIA header=0x07 REQUEST", "KADEMLIA header=0x87 REPLY",
            "GOSSIP header=0x01 REQUEST", "GOSSIP header=0x02 REQUEST", "GOSSIP header=0x03 REQUEST",
            "GOSSIP header=0x04 REQUEST", "GOSSIP header=0x05 REQUEST", "GOSSIP header=0x07 REQUEST",
            "GOSSIP header=0x08 REQUEST");

    @ParameterizedTest
    @ValueSource(longs = {1, 3, 4, 7})
    void theCorpusHoldsEveryMessageType(long seed) {
        FuzzCorpus corpus = FuzzCorpus.record(seed);
        System.err.println("fuzz corpus types, seed " + seed + ": " + corpus.types());
        for (String type : EVERY_TYPE) {
            assertTrue(corpus.types().contains(type), type + " missing from " + corpus.types());
        }
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
