package peerconnect.app.cli;

import peerconnect.app.node.AppVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the project version ({@link AppVersion}).
 */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"peerconnect " + version()};
    }

    /** The version this build was made from, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return AppVersion.version();
    }
}
