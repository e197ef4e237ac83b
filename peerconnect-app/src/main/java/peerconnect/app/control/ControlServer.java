package peerconnect.app.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Scheduler;

/**
 * The node's local control socket: a Unix domain socket in the data directory ({@link ControlPaths})
 * through which {@code peerconnect status|peers|...} talk to a running node. One request line per
 * connection, answered as {@link ControlFraming} describes, by a {@link CommandRunner} that uses the
 * console's command table.
 *
 * <p>Bounded: at most {@link ControlLimits#maxClients()} clients at once, a request line of at most
 * {@link ControlLimits#maxRequestBytes()}, a deadline for the request and one for the command (the
 * connection is closed when one passes). Every refusal is counted by reason and logged on one line.
 * Threads: one accept thread and one per client served, from the given factory; deadlines on the
 * given scheduler.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Path socket;
    private final ServerSocketChannel server;
    private final String owner;
    private final CommandRunner runner;
    private final ControlLimits limits;
    private final Scheduler scheduler;
    private final ThreadFactory threads;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final Map<ControlAccess.Reason, AtomicLong> refused = new EnumMap<>(ControlAccess.Reason.class);
    private volatile boolean closed;

    private ControlServer(Path socket, ServerSocketChannel server, String owner, CommandRunner runner,
                          ControlLimits limits, Scheduler scheduler, ThreadFactory threads) {
        this.socket = socket;
        this.server = server;
        this.owner = owner;
        this.runner = runner;
        this.limits = limits;
        this.scheduler = scheduler;
        this.threads = threads;
        for (ControlAccess.Reason reason : ControlAccess.Reason.values()) {
            refused.put(reason, new AtomicLong());
        }
    }

    /**
     * Opens the control socket of the node whose data directory is {@code dataDir} and starts serving.
     * A socket file left by a node that has stopped is replaced (and the replacement logged).
     *
     * @throws ControlException if another node answers on that socket (it runs with the same data
     *                          directory), or the socket cannot be made
     */
    public static ControlServer open(Path dataDir, CommandRunner runner, ControlLimits limits, Scheduler scheduler,
                                     ThreadFactory threads) {
        Objects.requireNonNull(runner, "runner");
        Path dir = ControlPaths.directory(dataDir);
        Path socket = ControlPaths.socket(dataDir);
        ControlPaths.checkLength(socket);
        try {
            ownerOnlyDirectory(dir);
            if (Files.exists(socket)) {
                if (answers(socket)) {
                    throw new ControlException("another node is running with data directory " + dataDir
                            + " (its control socket " + socket + " answers); give this one its own --data-dir.");
                }
                Files.delete(socket);
                LOG.info("control socket {} was left by a node that stopped; replaced", socket);
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(socket), limits.maxClients());
                // The directory is owner-only already; the socket file too, in case it is ever widened.
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                String owner = Files.getOwner(socket).getName();
                ControlServer control = new ControlServer(socket, server, owner, runner, limits, scheduler, threads);
                threads.newThread(control::acceptLoop).start();
                LOG.info("control socket listening at {} for user {}", socket, owner);
                return control;
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ControlException("the control socket " + socket + " cannot be opened ("
                    + ControlPaths.reasonOf(e) + ").", e);
        }
    }

    /** The socket file. */
    public Path socket() {
        return socket;
    }

    /** Requests served to the end, and refusals by reason ({@code served}, {@code refused.BUSY}, ...). */
    public Map<String, Long> counters() {
        Map<String, Long> out = new java.util.TreeMap<>();
        out.put("control.served", served.get());
        refused.forEach((reason, count) -> out.put("control.refused." + reason.name(), count.get()));
        return out;
    }

    /** Stops accepting, removes the socket file; clients being served are cut off at their deadline. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("control socket {} close failed", socket, e);
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("control socket {} could not be removed: {}", socket, ControlPaths.reasonOf(e));
        }
    }

    private static void ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Whether a node runs with {@code dataDir}: its control socket answers. {@code run} asks before it
     * starts a node, so that two nodes never share one data directory (one node key, one state).
     */
    public static boolean nodeRunsIn(Path dataDir) {
        Path socket = ControlPaths.socket(dataDir);
        return Files.exists(socket) && answers(socket);
    }

    /** Whether a node listens on {@code socket} (else the file is stale). */
    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket {} accept failed: {}", socket, ControlPaths.reasonOf(e));
                }
                return;
            }
            admit(client);
        }
    }

    private void admit(SocketChannel client) {
        Optional<String> user = peerUser(client);
        ControlAccess.Decision decision = ControlAccess.decide(user, owner, active.get(), limits.maxClients());
        switch (decision) {
            case ControlAccess.Decision.Refuse r -> {
                // On the accept thread, so no waiting: what the client sent already is read and dropped,
                // or closing would reset the connection and lose the refusal.
                dropAvailable(client);
                refuse(client, r.reason(), r.message(), user);
                closeQuietly(client);
            }
            case ControlAccess.Decision.Admit a -> {
                active.incrementAndGet();
                threads.newThread(() -> {
                    try {
                        serve(client, user);
                    } finally {
                        active.decrementAndGet();
                        closeQuietly(client);
                    }
                }).start();
            }
        }
    }

    /** The client's user as the kernel tells it; empty where the JDK cannot ask (then the file mode alone guards). */
    private static Optional<String> peerUser(SocketChannel client) {
        try {
            return Optional.of(client.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private void serve(SocketChannel client, Optional<String> user) {
        Cancellable readDeadline = scheduler.schedule(limits.requestTime(), () -> cutOff(client, "request"));
        Optional<String> line;
        try {
            line = readLine(client, user);
        } finally {
            readDeadline.cancel();
        }
        if (line.isEmpty()) {
            return;
        }
        Cancellable commandDeadline = scheduler.schedule(limits.commandTime(), () -> cutOff(client, line.get()));
        try {
            boolean ok = runner.run(line.get(), text -> ControlFraming.output(text).forEach(l -> write(client, l)));
            write(client, ControlFraming.end(ok));
            served.incrementAndGet();
            LOG.debug("control request '{}' from user {} done ok={}", line.get(), user.orElse("?"), ok);
        } catch (ControlWriteException e) {
            LOG.info("control request '{}' from user {} cut off: {}", line.get(), user.orElse("?"), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("control request '{}' from user {} failed", line.get(), user.orElse("?"), e);
            try {
                write(client, ControlFraming.error("error: " + e));
                write(client, ControlFraming.end(false));
            } catch (ControlWriteException gone) {
                // the client left; nothing more to tell it
            }
        } finally {
            commandDeadline.cancel();
        }
    }

    /** The request line, or empty after refusing a line too long, not UTF-8, or not sent in time. */
    private Optional<String> readLine(SocketChannel client, Optional<String> user) {
        ByteBuffer buffer = ByteBuffer.allocate(limits.maxRequestBytes() + 1);
        try {
            while (buffer.hasRemaining()) {
                int start = buffer.position();
                if (client.read(buffer) < 0) {
                    break;
                }
                for (int i = start; i < buffer.position(); i++) {
                    if (buffer.get(i) == '\n') {
                        return decode(client, buffer, i, user);
                    }
                }
            }
        } catch (IOException e) {
            // Closed by the request deadline, or the client left.
            countAndLog(ControlAccess.Reason.TOO_SLOW, "no request line within " + limits.requestTime().toSeconds()
                    + " s", user);
            return Optional.empty();
        }
        if (!buffer.hasRemaining()) {
            refuse(client, ControlAccess.Reason.TOO_LARGE, "refused: a request line is at most "
                    + limits.maxRequestBytes() + " bytes.", user);
            drain(client);
        } else {
            refuse(client, ControlAccess.Reason.BAD_REQUEST, "refused: the request did not end with a newline.", user);
        }
        return Optional.empty();
    }

    private Optional<String> decode(SocketChannel client, ByteBuffer buffer, int newline, Optional<String> user) {
        byte[] bytes = new byte[newline];
        buffer.get(0, bytes);
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().strip());
        } catch (java.nio.charset.CharacterCodingException e) {
            refuse(client, ControlAccess.Reason.BAD_REQUEST, "refused: the request line is not UTF-8.", user);
            return Optional.empty();
        }
    }

    /**
     * Reads what the client still sends (until it closes, at most 1 MiB, within the request deadline):
     * a socket closed with unread data is reset, and the client would lose the refusal before reading it.
     */
    private static void drain(SocketChannel client) {
        ByteBuffer sink = ByteBuffer.allocate(8192);
        long left = 1 << 20;
        try {
            client.shutdownOutput();
            int read;
            while (left > 0 && (read = client.read(sink.clear())) >= 0) {
                left -= read;
            }
        } catch (IOException e) {
            // the client left, or the deadline closed the channel
        }
    }

    private void dropAvailable(SocketChannel client) {
        ByteBuffer sink = ByteBuffer.allocate(limits.maxRequestBytes() + 1);
        try {
            client.configureBlocking(false);
            client.read(sink);
            client.configureBlocking(true);
        } catch (IOException e) {
            // the client left; the refusal below finds out
        }
    }

    private void refuse(SocketChannel client, ControlAccess.Reason reason, String message, Optional<String> user) {
        countAndLog(reason, message, user);
        try {
            write(client, ControlFraming.error(message));
            write(client, ControlFraming.end(false));
        } catch (ControlWriteException e) {
            // the client left before hearing why
        }
    }

    private void countAndLog(ControlAccess.Reason reason, String message, Optional<String> user) {
        refused.get(reason).incrementAndGet();
        LOG.info("control client of user {} refused ({}): {}", user.orElse("?"), reason, message);
    }

    private void cutOff(SocketChannel client, String what) {
        LOG.info("control client cut off: '{}' ran out of time", what);
        closeQuietly(client);
    }

    private static void write(SocketChannel client, String line) {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                client.write(bytes);
            }
        } catch (IOException e) {
            throw new ControlWriteException(ControlPaths.reasonOf(e));
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing a socket whose peer is gone: nothing to do
        }
    }

    /** The client is gone (it left, or a deadline closed its connection). */
    private static final class ControlWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ControlWriteException(String message) {
            super(message);
        }
    }
}
