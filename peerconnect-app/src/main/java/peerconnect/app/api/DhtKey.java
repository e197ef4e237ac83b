package peerconnect.app.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import peerconnect.domain.PeerId;

/**
 * A key of the DHT named by a string: the one rule by which the library and the console's
 * {@code put}/{@code get} turn a name into a 160-bit DHT id, so a value put by one is found by the other.
 *
 * @param name the string the application names the value by
 * @param id   SHA-1 of the UTF-8 bytes of {@code name}: the id space of the DHT is SHA-1's
 */
public record DhtKey(String name, PeerId id) {
    /** Checks that {@code id} is the rule's hash of {@code name}. */
    public DhtKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        if (!id.equals(hash(name))) {
            throw new IllegalArgumentException("id " + id.toHex() + " is not the key of \"" + name + "\"");
        }
    }

    /**
     * The key of {@code name}: SHA-1 of its UTF-8 bytes.
     *
     * @param name the string key
     * @return the key with its name
     */
    public static DhtKey of(String name) {
        return new DhtKey(name, hash(Objects.requireNonNull(name, "name")));
    }

    private static PeerId hash(String name) {
        try {
            return PeerId.of(MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
