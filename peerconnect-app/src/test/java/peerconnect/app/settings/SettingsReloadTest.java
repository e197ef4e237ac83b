package peerconnect.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;

/** What SIGHUP applies: new peers at once; the rest, log level included, named as needing a restart. */
class SettingsReloadTest {

    private static SettingsResolver.RunSettings settings(String name, List<String> peers,
                                                         SettingsResolver.LogLevel level) throws Exception {
        NodeSettings node = new NodeSettings(name, InetAddress.getByName("::"), 0, "", false, Optional.empty(), true,
                peers.stream().map(NodeAddress::parse).toList(), Path.of("d"));
        return new SettingsResolver.RunSettings(node, level, false, true, java.util.Optional.empty(), java.util.List.of());
    }

    @Test
    void peersAddedSinceTheStartAreJoinedThroughAndNothingElseChanged() throws Exception {
        SettingsReload.Plan plan = SettingsReload.plan(
                settings("ann", List.of("10.0.0.1:1"), SettingsResolver.LogLevel.INFO),
                settings("ann", List.of("10.0.0.1:1", "10.0.0.2:2"), SettingsResolver.LogLevel.INFO));
        assertEquals(List.of(NodeAddress.parse("10.0.0.2:2")), plan.joinThrough());
        assertEquals(List.of(), plan.needRestart());
    }

    @Test
    void aNewNameAndLogLevelNeedARestart() throws Exception {
        SettingsReload.Plan plan = SettingsReload.plan(settings("ann", List.of(), SettingsResolver.LogLevel.INFO),
                settings("bob", List.of(), SettingsResolver.LogLevel.DEBUG));
        assertEquals(List.of(), plan.joinThrough());
        assertEquals(List.of("name", "log-level"), plan.needRestart());
    }

    @Test
    void newLivenessSettingsNeedARestart() throws Exception {
        SettingsResolver.RunSettings before = settings("ann", List.of(), SettingsResolver.LogLevel.INFO);
        peerconnect.adapter.kademlia.LivenessConfig d = peerconnect.adapter.kademlia.LivenessConfig.defaults();
        SettingsResolver.RunSettings after = before.withNode(before.node().withLiveness(new peerconnect.adapter.kademlia
                .LivenessConfig(d.questionableAfter(), 4, 6, d.firstRecheck(), d.maxRecheck(), d.recheckRetries(),
                d.minAttemptTimeout(), d.maxAttemptTimeout())));
        assertEquals(List.of("liveness"), SettingsReload.plan(before, after).needRestart());
    }
}
