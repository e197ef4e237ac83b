package peerconnect.adapter.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import peerconnect.domain.NodeAddress;

/**
 * The socket that receives one multicast group: bound to the group port with the port shared (every
 * node on the host binds it), joined on the chosen interface only. Several nodes on one host each
 * have one, and the kernel gives each a copy of every group datagram; unicast never reaches it,
 * because unicast goes to each node's own unicast port.
 */
final class GroupChannel {
    final NodeAddress group;
    final DatagramChannel channel;
    private MembershipKey membership; // guarded by this

    private GroupChannel(NodeAddress group, DatagramChannel channel) {
        this.group = group;
        this.channel = channel;
    }

    static GroupChannel open(NodeAddress group, NetworkInterface nif, SocketPlatform platform,
                             UdpEndpointConfig config) throws IOException {
        DatagramChannel channel = DatagramChannel.open(UnicastSockets.family(group.ip()));
        try {
            platform.shareGroupPort(channel);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            channel.bind(new InetSocketAddress(
                    platform.groupBindAddress(group.ip(), nif, config.broadcast()), group.port()));
            GroupChannel result = new GroupChannel(group, channel);
            result.join(nif);
            return result;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Joins the group on {@code nif}, first dropping a membership on an earlier (maybe re-created) interface. */
    synchronized void join(NetworkInterface nif) throws IOException {
        if (membership != null) {
            membership.drop();
        }
        membership = channel.join(group.ip(), nif);
    }

    void close() throws IOException {
        channel.close(); // drops the membership too
    }
}
