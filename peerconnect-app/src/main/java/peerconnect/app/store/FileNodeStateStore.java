package peerconnect.app.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.StateStoreException;

/**
 * A {@link NodeStateStore} in a directory, one file per name ({@code <name>.state}).
 *
 * <p>A write goes to a temporary file in the same directory, is forced to disk
 * ({@code FileChannel.force(true)}), then renamed over the old file with {@code ATOMIC_MOVE}, and the
 * directory is synced so the rename itself survives a power cut. Files are readable and writable by
 * their owner only (POSIX file systems): the node key is one of the blobs. A crash at any point leaves either
 * the old file or the new one, never a mix; a leftover temporary file is ignored and removed by the
 * next write. Corruption that gets past this (a bad disk, a hand edit) is for the reader to detect:
 * the Kademlia state carries a CRC32, and {@link #setAside} keeps a bad file for inspection.
 *
 * <p>An {@link #append} writes to the end of the same file through a channel kept open per name: one
 * {@code write(2)} to the operating system, which survives the process being killed; {@link #sync}
 * forces it to disk. A {@link #write} or {@link #setAside} of that name closes the channel first, so
 * the next append goes to the new file, not the replaced one.
 *
 * <p>Blocking I/O; thread-safe (writes and appends are serialised).
 */
public final class FileNodeStateStore implements NodeStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileNodeStateStore.class);
    // A name becomes a file name: nothing that could climb out of the directory or hide a file.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final String SUFFIX = ".state";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path directory;
    private final Map<String, FileChannel> appending = new HashMap<>();

    /**
     * @param directory where the files live; created if missing
     * @throws StateStoreException if it cannot be created
     */
    public FileNodeStateStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new StateStoreException("cannot create state directory " + this.directory + ": " + e, e);
        }
    }

    /** Where {@code name} is kept. */
    public Path pathOf(String name) {
        return directory.resolve(checked(name) + SUFFIX);
    }

    @Override
    public Optional<byte[]> read(String name) {
        Path file = pathOf(name);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateStoreException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized void append(String name, byte[] record) {
        Path file = pathOf(name);
        try {
            FileChannel ch = appending.get(name);
            if (ch == null) {
                ch = openForAppend(file);
                appending.put(name, ch);
            }
            ByteBuffer buffer = ByteBuffer.wrap(record);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
        } catch (IOException e) {
            closeAppending(name);
            throw new StateStoreException("cannot append to " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized void sync(String name) {
        FileChannel ch = appending.get(name);
        if (ch == null) {
            return;
        }
        try {
            ch.force(false);
        } catch (IOException e) {
            throw new StateStoreException("cannot sync " + pathOf(name) + ": " + e, e);
        }
    }

    private FileChannel openForAppend(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            return FileChannel.open(file, options, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(file, options);
        }
    }

    private void closeAppending(String name) {
        FileChannel ch = appending.remove(name);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("cannot close {}: {}", pathOf(name), e.toString());
            }
        }
    }

    @Override
    public synchronized void write(String name, byte[] contents) {
        Path target = pathOf(name);
        closeAppending(name);
        removeLeftovers(name);
        Path temp = null;
        try {
            temp = createOwnerOnly(name);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(contents);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StateStoreException("the file system of " + directory
                        + " cannot rename atomically; refusing to risk a torn state file", e);
            }
            temp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new StateStoreException("cannot write " + target + " (the previous state is kept): " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless: the next write removes it
                }
            }
        }
    }

    @Override
    public synchronized Optional<String> setAside(String name) {
        Path file = pathOf(name);
        closeAppending(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        for (int n = 0; n < 1000; n++) {
            Path aside = directory.resolve(name + SUFFIX + ".corrupt-" + n);
            if (Files.exists(aside)) {
                continue;
            }
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("state file {} set aside as {}", file, aside);
                return Optional.of(aside.toString());
            } catch (IOException e) {
                throw new StateStoreException("cannot set aside " + file + ": " + e, e);
            }
        }
        throw new StateStoreException("cannot set aside " + file + ": 1000 earlier corrupt copies are in the way");
    }

    /**
     * A new temporary file readable and writable by its owner only where the file system has POSIX
     * permissions: blobs include the node's private key.
     */
    private Path createOwnerOnly(String name) throws IOException {
        try {
            return Files.createTempFile(directory, name + ".", TEMP_SUFFIX, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(directory, name + ".", TEMP_SUFFIX);
        }
    }

    private void removeLeftovers(String name) {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, name + ".*" + TEMP_SUFFIX)) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
                LOG.debug("removed leftover temporary state file {}", p);
            }
        } catch (IOException e) {
            LOG.debug("could not list leftover temporary files in {}: {}", directory, e.toString());
        }
    }

    private void syncDirectory() {
        // Makes the rename durable on Linux; some platforms refuse to open a directory, which only
        // weakens durability after a power cut, never atomicity.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", directory, e.toString());
        }
    }

    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a state name is letters, digits, '.', '_' and '-' (at most 100, "
                    + "not starting with a symbol): '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "FileNodeStateStore[" + directory + "]";
    }
}
