package peerconnect.adapter.udp;

import peerconnect.domain.PeerConnectException;

/**
 * The UDP endpoint could not be opened or reconfigured: the port is in use, the interface does not
 * exist, the address family is not available. The message says which, in one sentence.
 */
public final class UdpEndpointException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public UdpEndpointException(String message) {
        super(message);
    }

    public UdpEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
