package peerconnect.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A LAN of network namespaces for the values soak: hosts {@code pc-soak-<pid>-h1..hN} with
 * 10.79.0.i/24 on {@code lan0}, each a veth into one bridge in {@code pc-soak-<pid>-br}; nothing in the
 * root namespace is touched. {@link #close} ends every process started here and deletes every
 * namespace, whatever happened before; namespaces left by a killed run are removed at the next.
 */
final class SoakLan implements AutoCloseable {
    private static final String TAG = "pc-soak";

    private final NamespaceLab lab = new NamespaceLab(NamespaceLab.prefix(TAG));

    /** Why namespaces cannot be made here, or empty if they can (tried for real with a probe namespace). */
    static Optional<String> unavailableReason() {
        return NamespaceLab.unavailableReason(TAG);
    }

    /** {@code hosts} namespaces on one bridge. */
    SoakLan(int hosts) {
        NamespaceLab.removeLeftovers(TAG);
        try {
            lab.bridge(hosts, "10.79.0");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts {@code image run --name N --data-dir D extra…} in host {@code host}'s namespace. */
    SoakNode start(Path image, int host, Path dataDir, String name, String... extra) throws IOException {
        List<String> cmd = NamespaceLab.imageRun(image, dataDir, name, extra);
        return new SoakNode(host, lab.start("h" + host, cmd, ProcessBuilder.Redirect.DISCARD));
    }

    @Override
    public void close() {
        lab.close();
    }
}
