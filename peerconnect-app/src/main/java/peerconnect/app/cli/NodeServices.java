package peerconnect.app.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import peerconnect.app.hooks.EventHook;
import peerconnect.app.hooks.EventHooks;
import peerconnect.app.hooks.HookRunner;
import peerconnect.app.metrics.MetricsServer;
import peerconnect.app.node.RunningNode;

/** The services {@code run} may start beside a node: the metrics endpoint and the event hooks. */
final class NodeServices {
    private NodeServices() {
    }

    static EventHooks startHooks(List<EventHook> hooks, RunningNode node, Path dir) {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("PEERCONNECT_NODE_ID", node.self().contact().id().toHex());
        common.put("PEERCONNECT_NODE_ADDRESS", node.self().contact().address().toString());
        HookRunner runner = new HookRunner(hooks, HookRunner.Limits.defaults(), common,
                dir.resolve("logs").resolve("hooks.log"));
        return EventHooks.start(runner, node.gossip(), () -> node.dht().knownPeers());
    }

    static MetricsServer serveMetrics(InetSocketAddress address, RunningNode node) {
        if (!address.getAddress().isLoopbackAddress()) {
            LoggerFactory.getLogger(RunCommand.class).warn("metrics served on {}, not only on loopback: whoever"
                    + " reaches it reads this node's counters", address);
        }
        String version = VersionProvider.version();
        return MetricsServer.start(address, () -> {
            Map<String, String> info = new LinkedHashMap<>();
            info.put("peer_id", node.self().contact().id().toHex());
            info.put("name", node.self().name());
            info.put("version", version);
            return info;
        }, node::reportMetrics);
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
