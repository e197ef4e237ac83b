import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step before jlink: rewrites, in place, every jar of the given directories that holds class
 * files older than version 50 (Java 6), marking those classes version 50 and changing nothing else.
 *
 * <p>Why: the image's AOT cache (JDK 25, src/main/launcher/train-aot) stores classes already linked,
 * and a class older than 50 cannot be stored so; picocli's are version 49 (it supports Java 5), so
 * every start parsed and verified its classes anew, about a tenth of a node's start. A version 50
 * class file without stack maps is verified exactly as a version 49 one (the JVM falls back to the
 * type-inferencing verifier for version 50; JVMS 4.10), so the classes are checked as before and
 * behave as before. Jars with no such class are left untouched.
 *
 * <p>Usage: {@code java RaiseOldClassFiles.java DIR...}; prints one line per jar it rewrote.
 */
public final class RaiseOldClassFiles {
    private static final int FIRST_LINKABLE_VERSION = 50;

    private RaiseOldClassFiles() {
    }

    public static void main(String[] args) throws IOException {
        for (String dir : args) {
            List<Path> jars;
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            }
            for (Path jar : jars) {
                int raised = rewrite(jar);
                if (raised > 0) {
                    System.out.println("RaiseOldClassFiles: " + jar.getFileName() + ": " + raised
                            + " class files marked version " + FIRST_LINKABLE_VERSION);
                }
            }
        }
    }

    /** Rewrites {@code jar} if it has old class files; returns how many were raised. */
    private static int rewrite(Path jar) throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + ".raised");
        int raised = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith(".class") && isOld(bytes)) {
                    bytes[6] = (byte) (FIRST_LINKABLE_VERSION >>> 8);
                    bytes[7] = (byte) FIRST_LINKABLE_VERSION;
                    raised++;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        if (raised > 0) {
            Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(out);
        }
        return raised;
    }

    /** A class file (magic CAFEBABE) whose major version is below {@link #FIRST_LINKABLE_VERSION}. */
    private static boolean isOld(byte[] b) {
        return b.length >= 8 && (b[0] & 0xff) == 0xca && (b[1] & 0xff) == 0xfe && (b[2] & 0xff) == 0xba
                && (b[3] & 0xff) == 0xbe && (((b[6] & 0xff) << 8) | (b[7] & 0xff)) < FIRST_LINKABLE_VERSION;
    }
}
