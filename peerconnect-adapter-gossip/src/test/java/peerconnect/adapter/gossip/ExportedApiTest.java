package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The adapter's API is its factory, settings and node interface and the value types in their
 * signatures; everything else (the engine and its parts, the codec) is package-private. Read from
 * the module's own classes, so a new public class cannot slip into the exported package unnoticed.
 */
class ExportedApiTest {

    @Test
    void theExportedPackageHoldsOnlyTheFactoryTheConfigTheNodeInterfaceAndTheirValueTypes() throws IOException {
        Module module = GossipNode.class.getModule();
        assertTrue(module.isNamed(), "tests run on the module path");
        ResolvedModule resolved = module.getLayer().configuration().findModule(module.getName()).orElseThrow();
        Set<String> publicTypes = new TreeSet<>();
        try (ModuleReader reader = resolved.reference().open()) {
            reader.list().filter(n -> n.startsWith("peerconnect/adapter/gossip/") && n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .map(ExportedApiTest::load)
                    .filter(c -> Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null)
                    .forEach(c -> publicTypes.add(c.getSimpleName()));
        }
        assertEquals(new TreeSet<>(Set.of("GossipNodes", "GossipNode", "GossipConfig", "GossipQuotas", "GossipStats",
                "GossipRejection", "GossipException", "ViewConfig")), publicTypes);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ExportedApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }
}
