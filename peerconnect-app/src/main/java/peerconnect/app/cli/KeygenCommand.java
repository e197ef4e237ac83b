package peerconnect.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import peerconnect.domain.NetworkKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code peerconnect keygen FILE}: writes a fresh network key for {@code run --network-key-file}. */
@Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes a new random network key to FILE, for run --network-key-file.",
        footer = {"", "Exit codes: 0 written; 1 the file could not be written; 2 bad command line or FILE exists."})
final class KeygenCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the key; must not exist yet.")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        byte[] text = NetworkKey.generate(new SecureRandom()).toKeyFileText().getBytes(StandardCharsets.US_ASCII);
        try {
            create(file);
            Files.write(file, text);
        } catch (FileAlreadyExistsException e) {
            err.println(file + " exists; keygen never overwrites a key.");
            return CliErrors.EXIT_USAGE;
        } catch (IOException e) {
            err.println(file + " cannot be written (" + e.getMessage() + ").");
            return PeerConnectCli.EXIT_FAILURE;
        }
        spec.commandLine().getOut().println("network key written to " + file
                + "; copy it to every node of the network and start each with --network-key-file.");
        return 0;
    }

    /** Creates the empty file, readable by its owner only where the file system has POSIX permissions. */
    private static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
