package peerconnect.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import peerconnect.ports.memory.InMemoryNetwork;

/** The module's descriptor says what DESIGN.md says, and the tests really run inside the module. */
class PortsModuleTest {

    private final ModuleDescriptor descriptor = DatagramTransport.class.getModule().getDescriptor();

    @Test
    void testsRunOnTheModulePath() {
        assertTrue(getClass().getModule().isNamed(), "tests were run on the class path");
        assertEquals("peerconnect.ports", getClass().getModule().getName());
        assertEquals(DatagramTransport.class.getModule(), InMemoryNetwork.class.getModule());
    }

    @Test
    void exportsThePortsAndTheInMemoryNetworkToEveryone() {
        Set<String> exported = descriptor.exports().stream()
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertEquals(Set.of("peerconnect.ports", "peerconnect.ports.memory"), exported);
        assertTrue(descriptor.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(descriptor.opens().isEmpty());
    }

    @Test
    void requiresOnlyTheDomainAndPassesItOn() {
        Set<String> required = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .filter(n -> !n.equals("java.base"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("peerconnect.domain"), required);
        assertTrue(descriptor.requires().stream()
                .filter(r -> r.name().equals("peerconnect.domain"))
                .allMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
    }
}
