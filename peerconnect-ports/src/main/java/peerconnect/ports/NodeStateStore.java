package peerconnect.ports;

import java.util.Optional;

/**
 * Where a node keeps state across restarts (the DHT's routing table and values), as named blobs.
 * The contents are the caller's format; the store promises atomic replacement of a blob, and appends
 * to one that reach the store before {@link #append} returns.
 *
 * <p>Methods do blocking I/O (a file store writes and syncs a file): call them from a thread that may
 * block, never from a dispatcher worker in the middle of handling a datagram. Implementations are
 * thread-safe.
 */
public interface NodeStateStore {

    /**
     * The last blob written under {@code name}, or empty if there is none.
     *
     * @throws StateStoreException if the blob exists but cannot be read
     */
    Optional<byte[]> read(String name);

    /**
     * Replaces the blob under {@code name} atomically: after a crash at any point, a later
     * {@link #read} returns either the previous blob or this one, never a mix.
     *
     * @throws StateStoreException if the blob could not be written (the previous one is kept)
     */
    void write(String name, byte[] contents);

    /**
     * Appends {@code record} to the blob under {@code name} (creating it if missing), for a log:
     * once this returns, the bytes survive the process being killed (a file store has written them to
     * the operating system, without forcing them to disk). A crash during the call may leave a prefix
     * of the record at the end, which the reader must detect (a length and checksum per record).
     * A later {@link #write} of the same name replaces everything appended so far.
     *
     * @throws StateStoreException if the record could not be appended
     */
    void append(String name, byte[] record);

    /**
     * Forces what was appended to {@code name} to the disk, so that it also survives a power cut
     * (a file store's {@code fsync}); nothing to do if there is no such blob.
     *
     * @throws StateStoreException if it could not be forced
     */
    void sync(String name);

    /**
     * Moves the blob under {@code name} out of the way (e.g. it was corrupt), keeping it for a person
     * to inspect; afterwards {@link #read} returns empty.
     *
     * @return where it was put, for the log line; empty if there was nothing to move
     * @throws StateStoreException if it could not be moved
     */
    Optional<String> setAside(String name);
}
