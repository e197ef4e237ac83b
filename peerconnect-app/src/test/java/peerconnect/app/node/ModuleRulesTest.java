package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of the hexagon, read from the compiled module descriptors rather than trusted
 * to comments: domain needs nothing but java.base, ports add only the domain, adapters see only the
 * ports, and no inner module knows about wiring (Guice) or a logging backend (tinylog). Lives in the
 * app because the app is the one module that resolves all the others.
 */
class ModuleRulesTest {
    private static final String DOMAIN = "peerconnect.domain";
    private static final String PORTS = "peerconnect.ports";
    private static final Set<String> ADAPTERS =
            Set.of("peerconnect.adapter.udp", "peerconnect.adapter.kademlia", "peerconnect.adapter.gossip");

    /** The exported packages of each inner module, exactly. Changing an API surface means changing this table. */
    private static final Map<String, Set<String>> EXPORTS = Map.of(
            DOMAIN, Set.of("peerconnect.domain"),
            PORTS, Set.of("peerconnect.ports", "peerconnect.ports.memory"),
            "peerconnect.adapter.udp", Set.of("peerconnect.adapter.udp"),
            "peerconnect.adapter.kademlia", Set.of("peerconnect.adapter.kademlia"),
            "peerconnect.adapter.gossip", Set.of("peerconnect.adapter.gossip"));

    @Test
    void testsRunOnTheModulePath() {
        // Surefire falls back to the class path quietly (e.g. useModulePath=false); then every
        // encapsulation rule below would be checked against nothing.
        Module self = ModuleRulesTest.class.getModule();
        assertTrue(self.isNamed(), "tests run on the class path, not as module peerconnect.app");
        assertEquals("peerconnect.app", self.getName());
        assertTrue(Runtime.version().feature() >= 21,
                "tests run on Java " + Runtime.version() + "; the build should have selected a JDK >= 21");
    }

    @Test
    void domainRequiresOnlyJavaBase() {
        assertEquals(Set.of("java.base"), requires(DOMAIN));
    }

    @Test
    void portsRequireTransitivelyTheDomainAndNothingElse() {
        ModuleDescriptor ports = descriptor(PORTS);
        assertEquals(Set.of("java.base", DOMAIN), requires(PORTS));
        Requires domain = ports.requires().stream().filter(r -> r.name().equals(DOMAIN)).findFirst().orElseThrow();
        assertTrue(domain.modifiers().contains(Requires.Modifier.TRANSITIVE),
                "ports must re-export the domain: its types appear in every port signature");
    }

    @Test
    void eachAdapterRequiresThePortsAndNoOtherAdapter() {
        for (String adapter : ADAPTERS) {
            Set<String> requires = requires(adapter);
            assertAll(adapter,
                    () -> assertTrue(requires.contains(PORTS), adapter + " does not require " + PORTS),
                    () -> assertEquals(Set.of(), intersection(requires, ADAPTERS),
                            adapter + " requires another adapter"));
        }
    }

    @Test
    void kademliaRequiresThePortsAndTheLoggingApiOnly() {
        // The simulation that samples heap through java.management is the app's tool, not the protocol's.
        assertEquals(Set.of("java.base", PORTS, "org.slf4j"), requires("peerconnect.adapter.kademlia"));
    }

    @Test
    void noInnerModuleKnowsTheWiringOrTheLoggingBackend() {
        for (String module : EXPORTS.keySet()) {
            for (String required : requires(module)) {
                assertFalse(required.equals("com.google.guice") || required.startsWith("org.tinylog"),
                        module + " requires " + required + "; only peerconnect.app may");
            }
        }
    }

    @Test
    void innerModulesExportExactlyTheirApiPackages() {
        for (Map.Entry<String, Set<String>> expected : EXPORTS.entrySet()) {
            String module = expected.getKey();
            ModuleDescriptor descriptor = descriptor(module);
            Set<String> exported = descriptor.exports().stream().map(Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertAll(module,
                    () -> assertEquals(expected.getValue(), exported, module + " exports"),
                    () -> assertTrue(descriptor.exports().stream().noneMatch(Exports::isQualified),
                            module + " has a qualified export"));
        }
    }

    @Test
    void onlyTheAppOpensPackages() {
        // Deep reflection (Guice, picocli) is the app's business; inner modules stay closed.
        for (String module : EXPORTS.keySet()) {
            ModuleDescriptor descriptor = descriptor(module);
            assertAll(module,
                    () -> assertFalse(descriptor.isOpen(), module + " is an open module"),
                    () -> assertEquals(Set.of(), descriptor.opens(), module + " opens packages"));
        }
    }

    private static ModuleDescriptor descriptor(String name) {
        Module module = ModuleLayer.boot().findModule(name)
                .orElseGet(() -> fail(name + " is not in the boot layer; the app no longer reads it?"));
        assertTrue(module.isNamed() && !module.getDescriptor().isAutomatic(),
                name + " must be an explicit module with a module-info");
        return module.getDescriptor();
    }

    /** Names of the modules {@code name} requires, java.base (mandated, implicit) included. */
    private static Set<String> requires(String name) {
        return descriptor(name).requires().stream()
                .map(Requires::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }
}
