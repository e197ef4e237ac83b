package peerconnect.adapter.kademlia;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import peerconnect.domain.PeerId;
import peerconnect.domain.NodeRecord;

/**
 * The peer lists of the original PeerConnect ({@code add_this_peer_to_lists}): {@value #LIST_COUNT}
 * list keys spread evenly over the id space; every peer periodically stores its own record into the
 * list whose key is closest to its id, at the k peers closest to that key. This class holds the
 * lists this node keeps for the network, bounded per list (oldest entry out first) and with expiry.
 * The records are signed node records, verified by the {@link RecordKeeper} before they get here.
 * Not thread-safe: the node's lock guards it.
 */
final class PeerLists {
    /** Number of lists, as the original's {@code node_list_ids}: a LAN's peers split into 20 small lists. */
    static final int LIST_COUNT = 20;
    private static final List<PeerId> KEYS = listKeys();

    // source: the IP address that stored the entry; null for this node's own record.
    private record Entry(NodeRecord record, long expiresAtMillis, InetAddress source) {
    }

    private final int maxEntries;
    private final int maxPerSource;
    private final Map<PeerId, LinkedHashMap<PeerId, Entry>> lists = new HashMap<>();

    PeerLists(int maxEntries, int maxPerSource) {
        this.maxEntries = maxEntries;
        this.maxPerSource = maxPerSource;
    }

    /** The list keys: key {@code i} is {@code floor(i * 2^160 / 20)}. */
    static List<PeerId> keys() {
        return KEYS;
    }

    static boolean isListKey(PeerId key) {
        return KEYS.contains(key);
    }

    /** The list key closest (XOR) to {@code id}: the list a peer with that id registers in. */
    static PeerId listKeyFor(PeerId id) {
        PeerId best = KEYS.get(0);
        for (PeerId key : KEYS) {
            if (id.compareDistances(key, best) < 0) {
                best = key;
            }
        }
        return best;
    }

    /** Adds or refreshes this node's own {@code record} in list {@code listKey} (which must be a list key). */
    void put(PeerId listKey, NodeRecord record, long expiresAtMillis) {
        insert(listKey, record, expiresAtMillis, null);
    }

    /**
     * Adds or refreshes {@code record} in list {@code listKey} (which must be a list key) for
     * {@code source}; false, changing nothing, if that source already holds its share of the list
     * (a loopback source has no share: only processes on this host can send from it).
     */
    boolean putFrom(InetAddress source, PeerId listKey, NodeRecord record, long expiresAtMillis) {
        if (!hasRoomFor(source, listKey, record.peerId())) {
            return false;
        }
        insert(listKey, record, expiresAtMillis, source);
        return true;
    }

    /** Whether {@link #putFrom} would take a record of {@code peer} from {@code source} into list {@code listKey}. */
    boolean hasRoomFor(InetAddress source, PeerId listKey, PeerId peer) {
        LinkedHashMap<PeerId, Entry> list = lists.get(listKey);
        if (list != null && !source.isLoopbackAddress()) {
            Entry old = list.get(peer);
            if (old == null || !source.equals(old.source())) {
                int held = 0;
                for (Entry e : list.values()) {
                    if (source.equals(e.source()) && ++held >= maxPerSource) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void insert(PeerId listKey, NodeRecord record, long expiresAtMillis, InetAddress source) {
        LinkedHashMap<PeerId, Entry> list = lists.computeIfAbsent(listKey, k -> new LinkedHashMap<>());
        list.remove(record.peerId()); // re-insert at the end: newest last
        list.put(record.peerId(), new Entry(record, expiresAtMillis, source));
        if (list.size() > maxEntries) {
            Iterator<PeerId> eldest = list.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    boolean holds(PeerId listKey) {
        LinkedHashMap<PeerId, Entry> list = lists.get(listKey);
        return list != null && !list.isEmpty();
    }

    /** The live records of a list, newest first. */
    List<NodeRecord> list(PeerId listKey, long nowMillis) {
        LinkedHashMap<PeerId, Entry> list = lists.get(listKey);
        List<NodeRecord> out = new ArrayList<>();
        if (list != null) {
            for (Entry e : list.values()) {
                if (e.expiresAtMillis() > nowMillis) {
                    out.add(e.record());
                }
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Live records of every list held whose name contains {@code query}, ignoring case. */
    List<NodeRecord> search(String query, long nowMillis) {
        List<NodeRecord> out = new ArrayList<>();
        for (PeerId key : lists.keySet()) {
            for (NodeRecord r : list(key, nowMillis)) {
                if (matches(r.name(), query)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Records of list {@code listKey} whose name contains {@code query}, ignoring case. */
    List<NodeRecord> search(PeerId listKey, String query, long nowMillis) {
        List<NodeRecord> out = new ArrayList<>();
        for (NodeRecord r : list(listKey, nowMillis)) {
            if (matches(r.name(), query)) {
                out.add(r);
            }
        }
        return out;
    }

    static boolean matches(String name, String query) {
        return name.toLowerCase(Locale.ROOT).contains(query.toLowerCase(Locale.ROOT));
    }

    int purgeExpired(long nowMillis) {
        int removed = 0;
        for (LinkedHashMap<PeerId, Entry> list : lists.values()) {
            int before = list.size();
            list.values().removeIf(e -> e.expiresAtMillis() <= nowMillis);
            removed += before - list.size();
        }
        lists.values().removeIf(Map::isEmpty);
        return removed;
    }

    int size() {
        int n = 0;
        for (LinkedHashMap<PeerId, Entry> list : lists.values()) {
            n += list.size();
        }
        return n;
    }

    private static List<PeerId> listKeys() {
        BigInteger space = BigInteger.ONE.shiftLeft(PeerId.BITS);
        List<PeerId> keys = new ArrayList<>(LIST_COUNT);
        for (int i = 0; i < LIST_COUNT; i++) {
            BigInteger v = space.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(LIST_COUNT));
            keys.add(idOf(v));
        }
        return List.copyOf(keys);
    }

    /** The id whose big-endian value is {@code value} (0 ≤ value < 2^160). */
    private static PeerId idOf(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] id = new byte[PeerId.BYTES];
        int copy = Math.min(raw.length, PeerId.BYTES);
        System.arraycopy(raw, raw.length - copy, id, PeerId.BYTES - copy, copy);
        return PeerId.of(id);
    }

    @Override
    public String toString() {
        return "PeerLists" + Arrays.toString(lists.keySet().toArray());
    }
}
