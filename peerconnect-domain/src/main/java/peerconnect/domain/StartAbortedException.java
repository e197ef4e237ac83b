package peerconnect.domain;

/** {@link StateManager#stop()} was called before {@link StateManager#start()} had finished (or begun). */
public final class StartAbortedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public StartAbortedException(String message) {
        super(message);
    }
}
