package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of the hexagon, read from the compiled module descriptors rather than trusted
 * to comments: domain needs nothing but java.base, ports add only the domain, adapters see only the
 * ports, and no inner module knows about wiring (Guice) or a logging backend (tinylog). Lives in the
 * app because the app is the one module that resolves all the others. Inside the app, the package
 * rules are read from the compiled classes ({@link ClassReferences}): which app packages each one
 * names, and that the API names no wiring, CLI or logging-backend type.
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

    /**
     * The app's packages and the app packages each may name, exactly: the composition (node) sits on
     * settings, store and jmx; the tools (cli, bench, fuzz, simulate) sit on top; nothing below the command
     * line names it. A new package, or a new arrow, means changing this table.
     */
    private static final Map<String, Set<String>> APP_PACKAGES = Map.ofEntries(
            Map.entry("api", Set.of("node", "settings")),
            Map.entry("node", Set.of("api", "jmx", "settings", "store")),
            Map.entry("jmx", Set.of("mxbean", "node")),
            Map.entry("mxbean", Set.of()),
            Map.entry("metrics", Set.of()),
            Map.entry("hooks", Set.of()),
            Map.entry("settings", Set.of("hooks", "store")),
            Map.entry("store", Set.of()),
            Map.entry("logging", Set.of("settings")),
            Map.entry("control", Set.of()),
            Map.entry("console", Set.of("api", "control", "node")),
            Map.entry("cli", Set.of("api", "bench", "console", "control", "fuzz", "hooks", "logging", "metrics", "node",
                    "settings", "simulate", "store")),
            Map.entry("bench", Set.of("console", "fuzz", "node", "settings", "store")),
            Map.entry("fuzz", Set.of("node", "settings", "store")),
            Map.entry("simulate", Set.of("node", "settings", "store")));
    private static final Set<String> TOOLS = Set.of("bench", "fuzz", "simulate");
    private static final Set<String> COMMAND_LINE = Set.of("cli", "console");

    @Test
    void theAppExportsTheApiAndTheMxBeanInterfacesToEveryone() {
        ModuleDescriptor app = ModuleRulesTest.class.getModule().getDescriptor();
        Map<String, Set<String>> exports = app.exports().stream()
                .collect(Collectors.toMap(Exports::source, Exports::targets));
        // JMX calls the MXBean interfaces from an unnamed module: a qualified export would fail every getAttribute.
        assertEquals(Map.of("peerconnect.app.api", Set.of(), "peerconnect.app.mxbean", Set.of()), exports);
    }

    @Test
    void theAppOpensTheCommandPackagesToPicocliAndThePackagesWithGuiceModulesToGuiceOnly() {
        ModuleDescriptor app = ModuleRulesTest.class.getModule().getDescriptor();
        Map<String, Set<String>> opens = app.opens().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets));
        Set<String> picocli = Set.of("info.picocli");
        Set<String> both = Set.of("info.picocli", "com.google.guice");
        assertAll(() -> assertFalse(app.isOpen(), "peerconnect.app is an open module"),
                () -> assertEquals(Map.of("peerconnect.app.cli", picocli, "peerconnect.app.bench", both,
                        "peerconnect.app.fuzz", both, "peerconnect.app.simulate", picocli,
                        "peerconnect.app.node", Set.of("com.google.guice")), opens));
    }

    @Test
    void everyAppPackageIsInTheTableAndNamesOnlyTheAppPackagesItsRowAllows() {
        Map<String, Set<String>> named = ClassReferences.appPackageReferences();
        assertEquals(new TreeSet<>(APP_PACKAGES.keySet()), new TreeSet<>(named.keySet()),
                "packages of peerconnect.app (a class in peerconnect.app itself counts as \"\")");
        for (Map.Entry<String, Set<String>> row : named.entrySet()) {
            Set<String> extra = new TreeSet<>(row.getValue());
            extra.removeAll(APP_PACKAGES.get(row.getKey()));
            assertEquals(Set.of(), extra, "peerconnect.app." + row.getKey() + " names packages outside its row");
        }
    }

    @Test
    void theNodeCompositionNeverNamesBenchFuzzOrSimulate() {
        assertEquals(Set.of(), intersection(ClassReferences.appPackageReferences().get("node"), TOOLS));
    }

    @Test
    void nothingBelowTheCommandLineNamesTheCliOrTheConsole() {
        for (String below : List.of("api", "node", "jmx", "mxbean", "metrics", "hooks", "settings", "store", "logging")) {
            assertEquals(Set.of(), intersection(ClassReferences.appPackageReferences().get(below), COMMAND_LINE),
                    "peerconnect.app." + below + " names the command line");
        }
    }

    @Test
    void theApiNamesNoGuicePicocliOrTinylogType() {
        // What keeps an embedder free of the wiring library's types and of the CLI's and the image's
        // dependencies (picocli and tinylog are optional for them).
        Set<String> forbidden = ClassReferences.classesOf("api").values().stream().flatMap(Set::stream)
                .filter(n -> n.startsWith("com/google/inject/") || n.startsWith("picocli/")
                        || n.startsWith("org/tinylog/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), forbidden);
    }

    @Test
    void picocliIsNamedOnlyByTheCommandsAndTinylogOnlyByTheLoggingPackage() {
        // picocli and tinylog are optional dependencies: an embedder runs without them, which holds only
        // while no class outside these packages links against them.
        for (String pkg : APP_PACKAGES.keySet()) {
            Set<String> names = ClassReferences.classesOf(pkg).values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            boolean picocli = names.stream().anyMatch(n -> n.startsWith("picocli/"));
            boolean tinylog = names.stream().anyMatch(n -> n.startsWith("org/tinylog/"));
            assertAll(pkg,
                    () -> assertFalse(picocli && !Set.of("cli", "bench", "fuzz", "simulate").contains(pkg),
                            "peerconnect.app." + pkg + " names picocli"),
                    () -> assertFalse(tinylog && !pkg.equals("logging"), "peerconnect.app." + pkg + " names tinylog"));
        }
    }

    @Test
    void theApiSignaturesNameOnlyTypesAnEmbedderCanRead() throws Exception {
        // An API method that took or gave a type of an unexported package would compile here and be
        // unusable in a consumer module.
        Module self = ModuleRulesTest.class.getModule();
        Set<String> offending = new TreeSet<>();
        for (String file : ClassReferences.classesOf("api").keySet()) {
            Class<?> type = Class.forName(file.replace('/', '.').replaceAll("\\.class$", ""), false,
                    ModuleRulesTest.class.getClassLoader());
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            List<Type> named = new ArrayList<>();
            named.add(type.getGenericSuperclass());
            named.addAll(List.of(type.getGenericInterfaces()));
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
                    named.add(m.getGenericReturnType());
                    named.addAll(List.of(m.getGenericParameterTypes()));
                    named.addAll(List.of(m.getGenericExceptionTypes()));
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())) {
                    named.addAll(List.of(c.getGenericParameterTypes()));
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers())) {
                    named.add(f.getGenericType());
                }
            }
            for (Type t : named) {
                for (Class<?> c : ClassReferences.rawClasses(t)) {
                    Module m = c.getModule();
                    boolean readable = m.equals(self) ? self.isExported(c.getPackageName())
                            : !m.isNamed() || m.isExported(c.getPackageName());
                    if (!readable) {
                        offending.add(type.getSimpleName() + " names " + c.getName());
                    }
                }
            }
        }
        assertEquals(Set.of(), offending);
    }

    @Test
    void theClassFileReaderSeesAReferenceAndIgnoresAStringLiteral() {
        // Without this the rules above could pass on a reader that finds nothing.
        Map<String, Set<String>> cli = ClassReferences.classesOf("cli");
        assertTrue(cli.get("peerconnect/app/cli/PeerConnectCli.class").contains("peerconnect/app/bench/BenchCommand"),
                "PeerConnectCli names BenchCommand as a subcommand");
        assertTrue(ClassReferences.classesOf("node").get("peerconnect/app/node/AppVersion.class").stream()
                .noneMatch(n -> n.endsWith("version.properties")), "a string literal counted as a type");
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
