package peerconnect.ports.memory;

import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerConnectException;

/** An {@link InMemoryNetwork} already has an open endpoint at the requested address. */
public final class AddressInUseException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public AddressInUseException(NodeAddress address) {
        super("address already in use on this in-memory network: " + address);
    }
}
