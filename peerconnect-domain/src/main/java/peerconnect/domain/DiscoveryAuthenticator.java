package peerconnect.domain;

import java.net.Inet4Address;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Signs this node's discovery messages with its {@link NodeKey} and checks everyone else's, so that a
 * node cannot claim another's peer id and a captured announcement cannot be replayed later.
 *
 * <p>A message is accepted only if, checked in this order (cheap checks before the signature; a pair
 * enters the replay cache only once everything passed, so forged messages never do): its body is well formed; the advertised address
 * is unicast with a port; it is the datagram's source; the envelope's peer id is the one derived from the
 * public key; the timestamp is within {@link DiscoveryConfig#freshnessWindow()} of our clock, either way;
 * a reply answers a NETWORK_FIND this node sent recently; the same (peer id, timestamp) was not accepted
 * before; the node's budget of signature checks (its one {@link SignatureChecker}, shared with rumors and
 * node records, or one of its own of {@link DiscoveryConfig#signatureChecks()}; an eighth of it per
 * source address) is not spent; and the signature verifies. Each refusal is counted under its {@link DiscoveryRejection}.
 *
 * <p>Replay cache: accepted (peer id, timestamp) pairs are kept until they fall out of the window, at
 * most {@link DiscoveryConfig#replayCapacity()}. When it is full the oldest pair is forgotten and every
 * timestamp up to it is refused from then on, so a flood of validly signed messages can push honest old
 * messages out but can never open a gap for a replay.
 *
 * <p>This node's own timestamps strictly increase (a message signed within the same millisecond as the
 * last gets the next one), so each of its messages has a distinct pair even when several go out at once.
 *
 * <p>Time comes from the injected clock. Thread-safe: signatures are made and checked outside the lock.
 */
public final class DiscoveryAuthenticator {
    // The finds this node remembers having sent: replies to older ones are UNSOLICITED. A node sends at
    // most a few finds per round and `discover` a few per second, so 256 covers far more than a window.
    private static final int OWN_FINDS = 256;
    private static final byte[] LIMITED_BROADCAST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

    private final NodeKey key;
    private final long windowMillis;
    private final int replayCapacity;
    private final InstantSource clock;
    private final Map<DiscoveryRejection, LongAdder> rejections = new EnumMap<>(DiscoveryRejection.class);
    private final LongAdder accepted = new LongAdder();
    private final Object lock = new Object();
    private long lastTimestamp = Long.MIN_VALUE; // guarded by lock
    private final Set<Long> ownFinds = new LinkedHashSet<>(); // guarded by lock
    private final Set<Seen> seen = new HashSet<>(); // guarded by lock
    private final PriorityQueue<Seen> seenByAge = new PriorityQueue<>(); // guarded by lock
    private long replayFloor = Long.MIN_VALUE; // guarded by lock
    private final SignatureChecker signatureChecks;

    /** What {@link #verify} decided. */
    public sealed interface Verdict {
    }

    /** The message is authentic and fresh; {@code advertised} may be used. */
    public record Accepted(NodeAddress advertised, long timestampMillis) implements Verdict {
    }

    /** The message was refused, and counted under {@code reason}. */
    public record Rejected(DiscoveryRejection reason) implements Verdict {
    }

    private record Seen(long timestampMillis, PeerId sender) implements Comparable<Seen> {
        @Override
        public int compareTo(Seen other) {
            int byTime = Long.compare(timestampMillis, other.timestampMillis);
            return byTime != 0 ? byTime : sender.compareTo(other.sender);
        }
    }

    /**
     * An authenticator with a budget of signature checks of its own, {@link DiscoveryConfig#signatureChecks()}
     * (a one-shot {@code discover}, a benchmark); a node shares its one budget instead
     * ({@link #DiscoveryAuthenticator(NodeKey, DiscoveryConfig, InstantSource, SignatureChecker)}).
     *
     * @param key    this node's key; its peer id must be the envelope sender of everything this node sends
     * @param config supplies the freshness window, the replay capacity and the budget
     * @param clock  the time timestamps are made from and checked against
     */
    public DiscoveryAuthenticator(NodeKey key, DiscoveryConfig config, InstantSource clock) {
        this(key, config, clock, new SignatureChecker(new SignatureCheckSettings(config.signatureChecks(), OWN_FINDS),
                SignatureVerifier.ed25519(), clock));
    }

    /**
     * @param key    this node's key; its peer id must be the envelope sender of everything this node sends
     * @param config supplies the freshness window and the replay capacity
     * @param clock  the time timestamps are made from and checked against
     * @param checks the node's one budget of signature checks, shared with every other protocol that
     *               checks other nodes' signatures (rumors, node records), so that a flood of one kind
     *               spends the same budget as a flood of another
     */
    public DiscoveryAuthenticator(NodeKey key, DiscoveryConfig config, InstantSource clock, SignatureChecker checks) {
        this.key = Objects.requireNonNull(key, "key");
        this.windowMillis = config.freshnessWindow().toMillis();
        this.replayCapacity = config.replayCapacity();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signatureChecks = Objects.requireNonNull(checks, "checks");
        for (DiscoveryRejection r : DiscoveryRejection.values()) {
            rejections.put(r, new LongAdder());
        }
    }

    /** The peer id this node signs as. */
    public PeerId peerId() {
        return key.peerId();
    }

    /** A signed NETWORK_FIND body advertising {@code advertised}; replies to it are accepted from now on. */
    public byte[] signFind(NodeAddress advertised) {
        long timestamp;
        synchronized (lock) {
            timestamp = nextTimestamp();
            ownFinds.add(timestamp);
            if (ownFinds.size() > OWN_FINDS) {
                ownFinds.remove(ownFinds.iterator().next());
            }
        }
        byte[] signed = DiscoveryCodec.signedBytes(DiscoveryCodec.NETWORK_FIND, key.peerId(), advertised, timestamp,
                null, 0);
        return DiscoveryCodec.encodeFind(advertised, key.publicKey(), timestamp, key.sign(signed));
    }

    /**
     * A signed NETWORK_FIND_REPLY body advertising {@code advertised}, answering the NETWORK_FIND that
     * {@code finder} signed at {@code findTimestampMillis} (from its {@link Accepted}).
     */
    public byte[] signReply(NodeAddress advertised, PeerId finder, long findTimestampMillis) {
        long timestamp;
        synchronized (lock) {
            timestamp = nextTimestamp();
        }
        byte[] signed = DiscoveryCodec.signedBytes(DiscoveryCodec.NETWORK_FIND_REPLY, key.peerId(), advertised,
                timestamp, finder, findTimestampMillis);
        return DiscoveryCodec.encodeReply(advertised, key.publicKey(), timestamp, findTimestampMillis,
                key.sign(signed));
    }

    /**
     * Checks a discovery message that {@code sender} (the envelope's peer id) sent from {@code source}.
     * Total: bad input yields {@link Rejected}, never an exception.
     */
    public Verdict verify(byte op, PeerId sender, NodeAddress source, byte[] body) {
        var decoded = DiscoveryCodec.decode(op, body);
        if (decoded.isEmpty()) {
            return reject(DiscoveryRejection.MALFORMED);
        }
        DiscoveryCodec.Body b = decoded.get();
        NodeAddress advertised = b.advertised();
        if (!isUnicast(advertised)) {
            return reject(DiscoveryRejection.BAD_ADDRESS);
        }
        if (!advertised.equals(source)) {
            return reject(DiscoveryRejection.ADDRESS_MISMATCH);
        }
        if (!NodeKey.peerIdOf(b.publicKey()).equals(sender)) {
            return reject(DiscoveryRejection.ID_NOT_KEY);
        }
        long now = clock.millis();
        // Compared, not subtracted: a hostile timestamp near Long.MIN_VALUE must not overflow into the window.
        if (b.timestampMillis() < now - windowMillis || b.timestampMillis() > now + windowMillis) {
            return reject(DiscoveryRejection.STALE);
        }
        long findTimestamp = b instanceof DiscoveryCodec.ReplyBody r ? r.findTimestampMillis() : 0;
        if (b instanceof DiscoveryCodec.ReplyBody) {
            synchronized (lock) {
                if (!ownFinds.contains(findTimestamp)) {
                    return reject(DiscoveryRejection.UNSOLICITED);
                }
            }
        }
        Seen pair = new Seen(b.timestampMillis(), sender);
        synchronized (lock) {
            // A pair accepted before is refused whatever its signature: no need to spend a check on it.
            if (pair.timestampMillis() <= replayFloor || seen.contains(pair)) {
                return reject(DiscoveryRejection.REPLAYED);
            }
        }
        byte[] signed = DiscoveryCodec.signedBytes(op, sender, advertised, b.timestampMillis(), key.peerId(),
                findTimestamp);
        // The per-source share of the budget stops one flooding address (its real one: the advertised
        // address was checked against the source above) from spending the checks others need.
        long cacheKey = java.nio.ByteBuffer.wrap(sender.toBytes()).getLong() ^ b.timestampMillis() ^ op;
        switch (signatureChecks.check(cacheKey, source, b.publicKey(), signed, b.signature())) {
            case VALID -> { }
            case INVALID -> {
                return reject(DiscoveryRejection.BAD_SIGNATURE);
            }
            case OVER_BUDGET -> {
                return reject(DiscoveryRejection.OVER_BUDGET);
            }
        }
        if (!firstSighting(pair, now)) {
            return reject(DiscoveryRejection.REPLAYED);
        }
        accepted.increment();
        return new Accepted(advertised, b.timestampMillis());
    }

    /** Refusals so far, by reason (every reason present, zero if none). */
    public Map<DiscoveryRejection, Long> rejections() {
        Map<DiscoveryRejection, Long> counts = new EnumMap<>(DiscoveryRejection.class);
        rejections.forEach((reason, count) -> counts.put(reason, count.sum()));
        return Collections.unmodifiableMap(counts);
    }

    /** Messages accepted so far. */
    public long accepted() {
        return accepted.sum();
    }

    /** How many (peer id, timestamp) pairs the replay cache holds now (at most the configured capacity). */
    public int replayCacheSize() {
        synchronized (lock) {
            return seen.size();
        }
    }

    private Rejected reject(DiscoveryRejection reason) {
        rejections.get(reason).increment();
        return new Rejected(reason);
    }

    private boolean firstSighting(Seen pair, long now) {
        synchronized (lock) {
            if (pair.timestampMillis() <= replayFloor || seen.contains(pair)) {
                return false;
            }
            // Pairs out of the window need no memory: the freshness check refuses them already.
            while (!seenByAge.isEmpty() && seenByAge.peek().timestampMillis() < now - windowMillis) {
                seen.remove(seenByAge.poll());
            }
            while (seen.size() >= replayCapacity) {
                Seen oldest = seenByAge.poll();
                seen.remove(oldest);
                replayFloor = Math.max(replayFloor, oldest.timestampMillis());
            }
            if (pair.timestampMillis() <= replayFloor) {
                return false;
            }
            seen.add(pair);
            seenByAge.add(pair);
            return true;
        }
    }

    private long nextTimestamp() {
        long now = clock.millis();
        lastTimestamp = lastTimestamp == Long.MIN_VALUE ? now : Math.max(now, lastTimestamp + 1);
        return lastTimestamp;
    }

    private static boolean isUnicast(NodeAddress address) {
        var ip = address.ip();
        // Only the limited broadcast is recognisable: a subnet's broadcast address depends on a netmask we do not know.
        boolean broadcast = ip instanceof Inet4Address && java.util.Arrays.equals(ip.getAddress(), LIMITED_BROADCAST);
        return address.port() > 0 && !ip.isMulticastAddress() && !ip.isAnyLocalAddress() && !broadcast;
    }
}
