package peerconnect.app.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import peerconnect.domain.InvalidNetworkKeyException;
import peerconnect.domain.NetworkKey;

/** Reads the key file of {@code --network-key-file} (format: {@link NetworkKey#parse(CharSequence)}). */
public final class NetworkKeyFile {
    // A key file is 64 digits and a newline; anything much larger is the wrong file, not a key.
    private static final long MAX_BYTES = 1_024;

    private NetworkKeyFile() {
    }

    /**
     * The key in {@code file}.
     *
     * @throws SettingsException with one sentence naming the file if it is missing, unreadable or not a key
     */
    public static NetworkKey read(Path file) {
        return read("--network-key-file", file);
    }

    /**
     * The key in {@code file}, named by {@code where} in messages ({@code --network-key-file},
     * {@code PEERCONNECT_NETWORK_KEY_FILE}, {@code FILE: network-key-file}).
     *
     * @throws SettingsException with one sentence naming the file if it is missing, unreadable or not a key
     */
    public static NetworkKey read(String where, Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new SettingsException(where + " " + file + ": not a key file (larger than "
                        + MAX_BYTES + " bytes).");
            }
            return NetworkKey.parse(Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            throw new SettingsException(where + " " + file + ": no such file.");
        } catch (IOException e) {
            throw new SettingsException(where + " " + file + ": cannot be read (" + e.getMessage() + ").");
        } catch (InvalidNetworkKeyException e) {
            throw new SettingsException(where + " " + file + ": " + e.getMessage() + ".");
        }
    }
}
