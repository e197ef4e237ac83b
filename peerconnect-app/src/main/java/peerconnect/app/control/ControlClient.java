package peerconnect.app.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * The client side of the control socket: sends one command line to the node running with a data
 * directory and hands its reply lines over. Errors say what is wrong in one sentence: no node runs
 * there, the socket is stale, it belongs to another user, the node cut the reply off.
 */
public final class ControlClient {
    /** The longest reply line taken; a node writes none longer than its output lines. */
    private static final int MAX_LINE_BYTES = 1 << 20;

    private final InstantSource clock;
    private final Duration timeout;

    /**
     * @param clock   for the deadline
     * @param timeout how long to wait for the whole reply
     */
    public ControlClient(InstantSource clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Sends {@code line} to the node of {@code dataDir}; output lines go to {@code out}, the node's
     * error lines to {@code err}.
     *
     * @return the command's exit status: 0 success, 1 failure
     * @throws ControlException if the node cannot be reached or the reply is cut off
     */
    public int send(Path dataDir, String line, Consumer<String> out, Consumer<String> err) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new ControlException("a control command is one line.");
        }
        Path socket = ControlPaths.socket(dataDir);
        checkReachable(dataDir, socket);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new ControlException("no node is running with data directory " + dataDir
                        + ": its control socket " + socket + " is stale (" + ControlPaths.reasonOf(e)
                        + "; the node that made it has stopped).", e);
            }
            try {
                ByteBuffer request = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (request.hasRemaining()) {
                    channel.write(request);
                }
            } catch (IOException e) {
                // The node may have refused and closed before reading the request: its reason is still
                // waiting to be read.
            }
            return readReply(channel, out, err);
        } catch (IOException e) {
            throw new ControlException("the control socket " + socket + " broke off (" + ControlPaths.reasonOf(e)
                    + ").", e);
        }
    }

    /** Fails with the reason when the socket file is missing or another user's. */
    private static void checkReachable(Path dataDir, Path socket) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class);
            if (!attributes.isOther()) {
                throw new ControlException(socket + " is not a socket: is " + dataDir + " a node's data directory?");
            }
        } catch (NoSuchFileException e) {
            throw new ControlException("no node is running with data directory " + dataDir + " (no control socket "
                    + socket + ").");
        } catch (AccessDeniedException e) {
            throw permissionDenied(dataDir, socket);
        } catch (IOException e) {
            throw new ControlException("the control socket " + socket + " cannot be read (" + ControlPaths.reasonOf(e)
                    + ").", e);
        }
        if (!Files.isWritable(socket)) {
            throw permissionDenied(dataDir, socket);
        }
    }

    private static ControlException permissionDenied(Path dataDir, Path socket) {
        String owner;
        try {
            owner = "user '" + Files.getOwner(ControlPaths.directory(dataDir)).getName() + "'";
        } catch (IOException e) {
            owner = "another user";
        }
        return new ControlException("permission denied: the control socket " + socket + " belongs to " + owner
                + "; run this command as that user.");
    }

    private int readReply(SocketChannel channel, Consumer<String> out, Consumer<String> err) throws IOException {
        long deadline = clock.millis() + timeout.toMillis();
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
            while (true) {
                long left = deadline - clock.millis();
                if (left <= 0) {
                    throw new ControlException("the node did not answer within " + timeout.toSeconds() + " s.");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    throw new ControlException("the node closed the connection before the end of its reply"
                            + " (it stopped, or the command ran out of time).");
                }
                for (int i = 0; i < read; i++) {
                    byte b = buffer.get(i);
                    if (b != '\n') {
                        if (pending.size() >= MAX_LINE_BYTES) {
                            throw new ControlException("the node sent a reply line over " + MAX_LINE_BYTES + " bytes.");
                        }
                        pending.write(b);
                        continue;
                    }
                    String replyLine = pending.toString(StandardCharsets.UTF_8);
                    pending.reset();
                    switch (ControlFraming.parse(replyLine)) {
                        case ControlFraming.Reply.Output o -> out.accept(o.text());
                        case ControlFraming.Reply.Error e -> err.accept(e.text());
                        case ControlFraming.Reply.End end -> {
                            return end.status();
                        }
                        case ControlFraming.Reply.Garbled g -> throw new ControlException(
                                "the node answered in a form this client does not know: '" + g.line() + "'.");
                    }
                }
            }
        }
    }
}
