package peerconnect.domain;

import java.util.Optional;

/**
 * The first byte of every datagram: which service it is for. The built-in bytes follow the original
 * Python PeerConnect ({@code src/transfers/_headers.py}) so a compatibility codec stays possible.
 *
 * <p>The byte space is cut in three (the table lives in {@code docs/PROTOCOL.md}):
 * <ul>
 *   <li>{@code 0x00}–{@code 0x1F}: built-in services; {@link #KADEMLIA}, {@link #DISCOVERY} and
 *       {@link #GOSSIP} are assigned, the rest are reserved for later built-ins and rejected on receipt;</li>
 *   <li>{@value #FIRST_APPLICATION}–{@value #LAST_APPLICATION} ({@code 0x20}–{@code 0x7F}): application
 *       codes, see {@link #application(int)};</li>
 *   <li>{@code 0x80}–{@code 0xFF}: reserved, never a root code, because the network seal's first byte
 *       ({@link DatagramSeal#MAGIC}, {@code 0xC1}) lives there and a sealed datagram must never read
 *       as a plain one.</li>
 * </ul>
 *
 * <p>Append only: a built-in code once assigned keeps its byte forever. Equality is by byte; nothing
 * depends on declaration order.
 */
public final class RootCode {
    /** The lowest application byte ({@code 0x20}). */
    public static final int FIRST_APPLICATION = 0x20;
    /** The highest application byte ({@code 0x7F}). */
    public static final int LAST_APPLICATION = 0x7F;
    /** The highest byte kept for built-in services ({@code 0x1F}). */
    private static final int LAST_BUILT_IN = 0x1F;

    /** Kademlia DHT RPCs. */
    public static final RootCode KADEMLIA = new RootCode((byte) 0x00, "KADEMLIA");
    /** Discovery: multicast/broadcast NETWORK_FIND and unicast NETWORK_FIND_REPLY. */
    public static final RootCode DISCOVERY = new RootCode((byte) 0x01, "DISCOVERY");
    /** Gossip: rumors and peer search. */
    public static final RootCode GOSSIP = new RootCode((byte) 0x02, "GOSSIP");

    private static final RootCode[] BUILT_IN = {KADEMLIA, DISCOVERY, GOSSIP};
    private static final RootCode[] BY_BYTE = new RootCode[256];

    static {
        for (RootCode c : BUILT_IN) {
            BY_BYTE[c.code & 0xff] = c;
        }
        for (int b = FIRST_APPLICATION; b <= LAST_APPLICATION; b++) {
            BY_BYTE[b] = new RootCode((byte) b, String.format("APPLICATION_0x%02X", b));
        }
    }

    private final byte code;
    private final String name;

    private RootCode(byte code, String name) {
        this.code = code;
        this.name = name;
    }

    /**
     * The application root code with wire byte {@code code}.
     *
     * @param code a byte in {@value #FIRST_APPLICATION}..{@value #LAST_APPLICATION} ({@code 0x20}..{@code 0x7F})
     * @throws InvalidRootCodeException if {@code code} is outside the application range (a built-in,
     *     reserved, or the seal's byte)
     */
    public static RootCode application(int code) {
        if (code < FIRST_APPLICATION || code > LAST_APPLICATION) {
            throw new InvalidRootCodeException(String.format(
                    "root code 0x%02X is not an application code: the application range is 0x%02X..0x%02X",
                    code & 0xffff_ffffL, FIRST_APPLICATION, LAST_APPLICATION));
        }
        return BY_BYTE[code];
    }

    /** The root code with wire byte {@code b}: a built-in or an application code; empty for a reserved byte. */
    public static Optional<RootCode> of(byte b) {
        return Optional.ofNullable(BY_BYTE[b & 0xff]);
    }

    /** The built-in codes, in byte order. */
    public static RootCode[] builtIns() {
        return BUILT_IN.clone();
    }

    /** Whether this is one of the built-in services rather than an application code. */
    public boolean isBuiltIn() {
        return (code & 0xff) <= LAST_BUILT_IN;
    }

    /** Whether this is an application code ({@value #FIRST_APPLICATION}..{@value #LAST_APPLICATION}). */
    public boolean isApplication() {
        return !isBuiltIn();
    }

    /** The wire byte. */
    public byte code() {
        return code;
    }

    /** The wire byte as an unsigned index, 0..255 (for tables indexed by code). */
    public int index() {
        return code & 0xff;
    }

    /** The constant's name for a built-in ({@code GOSSIP}), {@code APPLICATION_0x2A} for an application code. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RootCode other && other.code == code;
    }

    @Override
    public int hashCode() {
        return Byte.hashCode(code);
    }

    @Override
    public String toString() {
        return name;
    }
}
