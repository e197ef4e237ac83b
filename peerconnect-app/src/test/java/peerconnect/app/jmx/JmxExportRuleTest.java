package peerconnect.app.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the app module shows the world, read from its descriptor: the library API, and the MXBean
 * interfaces to everyone (JMX calls them from a class of an unnamed module, so a qualified export
 * fails every remote {@code getAttribute}), but nothing else from that package: it holds interfaces
 * only, the beans behind them live in packages nobody reads.
 */
class JmxExportRuleTest {
    private static final String MXBEANS = "peerconnect.app.mxbean";

    @Test
    void theAppExportsTheLibraryApiAndTheMxBeanInterfacesToEveryoneAndNothingElse() {
        ModuleDescriptor app = JmxExportRuleTest.class.getModule().getDescriptor();
        Map<String, Set<String>> exports = app.exports().stream()
                .collect(Collectors.toMap(Exports::source, Exports::targets, (a, b) -> a, TreeMap::new));
        assertEquals(Map.of("peerconnect.app.api", Set.of(), MXBEANS, Set.of()), exports,
                "exported packages and their targets (empty: to everyone)");
    }

    @Test
    void theMxBeanPackageHoldsOnlyPublicMxBeanInterfaces() throws Exception {
        List<String> classes = mainClassesOf(MXBEANS);
        assertFalse(classes.isEmpty(), "no classes found in " + MXBEANS);
        for (String name : classes) {
            Class<?> type = Class.forName(name);
            assertTrue(type.isInterface() && Modifier.isPublic(type.getModifiers()) && name.endsWith("MXBean"),
                    name + " is in the exported MXBean package but is not a public MXBean interface");
        }
    }

    /** The classes of {@code pkg} in the module's own jar or directory (tests patched in are not there). */
    private static List<String> mainClassesOf(String pkg) throws IOException {
        ResolvedModule module = ModuleLayer.boot().configuration().findModule("peerconnect.app").orElseThrow();
        String prefix = pkg.replace('.', '/') + "/";
        try (ModuleReader reader = module.reference().open(); Stream<String> names = reader.list()) {
            return names.filter(n -> n.startsWith(prefix) && n.endsWith(".class")
                            && n.indexOf('/', prefix.length()) < 0 && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }
}
