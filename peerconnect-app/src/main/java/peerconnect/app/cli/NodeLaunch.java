package peerconnect.app.cli;

import peerconnect.app.node.RunningNode;
import peerconnect.app.settings.NodeSettings;
import peerconnect.app.settings.PortChoice;
import peerconnect.app.settings.SettingsResolver;
import peerconnect.app.store.LastPort;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Starts {@code run}'s node on the ports {@link PortChoice} gives, one after the other while the port
 * is taken, and keeps the port it got ({@link LastPort}) for the next run.
 */
final class NodeLaunch {
    private NodeLaunch() {
    }

    /**
     * @param say where a fallback to another port is told (the command's stdout)
     * @throws RuntimeException the last attempt's failure
     */
    static RunningNode start(SettingsResolver.RunSettings settings, RunCommand.NodeStarter starter,
                             Consumer<String> say) {
        NodeSettings node = settings.node();
        List<Integer> ports = PortChoice.attempts(settings.portGiven(), node.port(), LastPort.read(node.dataDir()));
        for (int i = 0; ; i++) {
            int port = ports.get(i);
            try {
                RunningNode started = starter.start(withPort(node, port));
                int got = started.self().contact().address().port();
                if (i > 0) {
                    String line = "port " + ports.get(0) + " is in use (another node on this host?); this node listens on "
                            + got + " instead, and will try it first next time.";
                    say.accept(line);
                    LoggerFactory.getLogger(NodeLaunch.class).info(line);
                }
                if (got > 0) {
                    LastPort.write(node.dataDir(), got);
                }
                return started;
            } catch (RuntimeException e) {
                if (i + 1 >= ports.size() || !PortChoice.portTaken(e)) {
                    throw e;
                }
                LoggerFactory.getLogger(NodeLaunch.class).debug("port {} taken, trying {}", port, ports.get(i + 1), e);
            }
        }
    }

    private static NodeSettings withPort(NodeSettings s, int port) {
        return new NodeSettings(s.name(), s.bind(), port, s.networkInterface(), s.ipv6(), s.group(), s.multicast(),
                s.peers(), s.dataDir(), s.networkKey(), s.rateLimits(), s.liveness());
    }
}
