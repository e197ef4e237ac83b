package peerconnect.domain;

import java.util.Optional;

/**
 * The first byte of every datagram: which service it is for. Values follow the original Python
 * PeerConnect ({@code src/transfers/_headers.py}) so a compatibility codec stays possible.
 *
 * <p>Append only: a code once assigned keeps its byte forever. Bytes are explicit, never {@code ordinal()}.
 */
public enum RootCode {
    /** Kademlia DHT RPCs. */
    KADEMLIA((byte) 0x00),
    /** Discovery: multicast/broadcast NETWORK_FIND and unicast NETWORK_FIND_REPLY. */
    DISCOVERY((byte) 0x01),
    /** Gossip: rumors and peer search. */
    GOSSIP((byte) 0x02);

    private static final RootCode[] BY_BYTE = new RootCode[256];

    static {
        for (RootCode c : values()) {
            BY_BYTE[c.code & 0xff] = c;
        }
    }

    private final byte code;

    RootCode(byte code) {
        this.code = code;
    }

    /** The wire byte. */
    public byte code() {
        return code;
    }

    /** The root code with wire byte {@code b}, if any. */
    public static Optional<RootCode> of(byte b) {
        return Optional.ofNullable(BY_BYTE[b & 0xff]);
    }
}
