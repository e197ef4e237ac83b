package peerconnect.adapter.udp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * A {@link DatagramChannel} whose {@code receive} plays a script: each step either delivers a datagram
 * or throws an IOException; after the script, it reports the channel closed. Lets a test drive the
 * receive loop through errors a real socket produces only rarely. Everything else is unsupported.
 */
final class ScriptedChannel extends DatagramChannel {
    private final Deque<Object> script = new ArrayDeque<>();
    private static final SocketAddress FROM = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000);

    ScriptedChannel() {
        super(SelectorProvider.provider());
    }

    ScriptedChannel deliver(byte[] datagram) {
        script.add(datagram);
        return this;
    }

    ScriptedChannel fail(IOException e) {
        script.add(e);
        return this;
    }

    @Override
    public synchronized SocketAddress receive(ByteBuffer dst) throws IOException {
        Object step = script.poll();
        if (step == null) {
            throw new ClosedChannelException();
        }
        if (step instanceof IOException e) {
            throw e;
        }
        byte[] d = (byte[]) step;
        dst.put(d, 0, Math.min(d.length, dst.remaining())); // the kernel truncates what does not fit
        return FROM;
    }

    @Override
    public DatagramChannel bind(SocketAddress local) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> DatagramChannel setOption(SocketOption<T> name, T value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T getOption(SocketOption<T> name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public DatagramSocket socket() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isConnected() {
        return false;
    }

    @Override
    public DatagramChannel connect(SocketAddress remote) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DatagramChannel disconnect() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return null;
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return FROM;
    }

    @Override
    public MembershipKey join(InetAddress group, NetworkInterface interf) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseSelectableChannel() {
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
    }
}
