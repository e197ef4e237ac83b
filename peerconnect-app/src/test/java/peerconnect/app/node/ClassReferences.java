package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The types a compiled class names, read from its constant pool: class entries and the descriptors
 * and signatures of its fields, methods and calls, but not its string literals. A test fixture for the
 * package rules: what the compiler wrote cannot be fooled by a comment, an unused import or a wildcard,
 * and it needs nothing beyond java.base (the class-file API is newer than the release we compile for).
 * Also the types a reflected signature names, for the rule on the API's signatures.
 */
final class ClassReferences {
    private static final String APP = "peerconnect/app/";
    private static final Pattern TYPE = Pattern.compile("L([\\w/$]+)[;<]|^([\\w/$]+)$");

    private ClassReferences() {
    }

    /** Internal names ({@code a/b/C}) of every class the class file in {@code in} refers to. */
    static Set<String> of(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        data.readUnsignedShort(); // minor version
        data.readUnsignedShort(); // major version
        int count = data.readUnsignedShort();
        String[] utf8 = new String[count];
        BitSet literals = new BitSet(count);
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = data.readUTF();
                case 7, 16, 19, 20 -> data.readUnsignedShort(); // class, method type, module, package
                case 8 -> literals.set(data.readUnsignedShort()); // a string literal's text is no reference
                case 15 -> data.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                case 5, 6 -> {
                    data.skipNBytes(8);
                    i++; // longs and doubles take two slots (JVMS 4.4.5)
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> names = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && !literals.get(i)) {
                Matcher m = TYPE.matcher(utf8[i].startsWith("[") ? utf8[i].replaceFirst("^\\[+", "") : utf8[i]);
                while (m.find()) {
                    names.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        return names;
    }

    /** Every class file under {@code root} (a class-output directory), as paths relative to it. */
    static List<Path> classFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> found = new ArrayList<>();
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> found.add(root.relativize(p)));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #of(InputStream)} finds in the class file at {@code file}. */
    static Set<String> of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** For each app package, the other app packages its compiled classes name. */
    static Map<String, Set<String>> appPackageReferences() {
        Map<String, Set<String>> named = new TreeMap<>();
        for (Path file : ClassReferences.classFiles(mainClasses())) {
            String pkg = appPackage(file.toString().replace(File.separatorChar, '/'));
            if (pkg == null) {
                continue;
            }
            Set<String> row = named.computeIfAbsent(pkg, p -> new TreeSet<>());
            for (String name : ClassReferences.of(mainClasses().resolve(file))) {
                String other = appPackage(name);
                if (other != null && !other.equals(pkg)) {
                    row.add(other);
                }
            }
        }
        return named;
    }

    /** The class files of one app package (relative path to the names it refers to). */
    static Map<String, Set<String>> classesOf(String pkg) {
        Map<String, Set<String>> classes = new TreeMap<>();
        for (Path file : ClassReferences.classFiles(mainClasses())) {
            String relative = file.toString().replace(File.separatorChar, '/');
            if (pkg.equals(appPackage(relative))) {
                classes.put(relative, ClassReferences.of(mainClasses().resolve(file)));
            }
        }
        assertFalse(classes.isEmpty(), "no classes in peerconnect.app." + pkg);
        return classes;
    }

    /** {@code node} for {@code peerconnect/app/node/X}, "" for a class right in peerconnect.app, else null. */
    static String appPackage(String internalName) {
        if (!internalName.startsWith(APP)) {
            return null;
        }
        String rest = internalName.substring(APP.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash);
    }

    /** The main (not test) class output of this module: where PeerNode was loaded from. */
    static Path mainClasses() {
        try {
            Path root = Path.of(PeerNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isRegularFile(root.resolve("peerconnect/app/node/PeerNode.class")),
                    root + " is not a class directory");
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Class<?>> rawClasses(Type t) {
        return rawClasses(t, new HashSet<>());
    }

    /** The classes {@code t} names, its type arguments and bounds included; {@code seen} stops {@code T extends Comparable<T>}. */
    static List<Class<?>> rawClasses(Type t, Set<Type> seen) {
        List<Class<?>> out = new ArrayList<>();
        if (t == null || !seen.add(t)) {
            return out;
        }
        if (t instanceof Class<?> c) {
            Class<?> e = c;
            while (e.isArray()) {
                e = e.getComponentType();
            }
            if (!e.isPrimitive()) {
                out.add(e);
            }
        } else if (t instanceof ParameterizedType p) {
            out.addAll(rawClasses(p.getRawType(), seen));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(rawClasses(a, seen));
            }
        } else if (t instanceof GenericArrayType g) {
            out.addAll(rawClasses(g.getGenericComponentType(), seen));
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                out.addAll(rawClasses(b, seen));
            }
            for (Type b : w.getLowerBounds()) {
                out.addAll(rawClasses(b, seen));
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                out.addAll(rawClasses(b, seen));
            }
        }
        return out;
    }
}
