package peerconnect.adapter.udp;

import java.util.concurrent.ThreadFactory;
import peerconnect.domain.Scheduler;

/**
 * Opens UDP requests endpoints: the real-socket {@link peerconnect.ports.DatagramTransport}.
 *
 * <p>The interface multicast runs on is the configured one (by name or address); else the one owning a
 * non-wildcard bind address; else the first (lowest index) interface that is up, multicast-capable,
 * has an address and is not loopback, point-to-point or virtual; else loopback, with a warning.
 */
public final class UdpTransports {
    private UdpTransports() {
    }

    /**
     * Opens an endpoint: binds its unicast socket, joins the configured groups and starts polling the
     * interface on {@code scheduler}. Receive threads are daemon platform threads named
     * {@code udp-receive-N}; call {@link UdpTransport#start} to start delivering.
     *
     * @throws UdpEndpointException if the socket cannot be bound (port in use, address not on this
     *                              host), the interface does not exist, or no configured group can be joined
     */
    public static UdpTransport create(UdpEndpointConfig config, Scheduler scheduler) {
        return create(config, scheduler, Thread.ofPlatform().daemon().name("udp-receive-", 0).factory());
    }

    /** As {@link #create(UdpEndpointConfig, Scheduler)}, with receive threads from {@code receiveThreads}. */
    public static UdpTransport create(UdpEndpointConfig config, Scheduler scheduler, ThreadFactory receiveThreads) {
        return UdpEndpoint.open(config, scheduler, receiveThreads);
    }
}
