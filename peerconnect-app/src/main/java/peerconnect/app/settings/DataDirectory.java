package peerconnect.app.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a node keeps its peer id, routing table, values and logs: {@code --data-dir}, else
 * {@code PEERCONNECT_DATA_DIR}, else the platform's place for per-user application data. Pure: the
 * environment, the OS name and the home directory are handed in.
 */
public final class DataDirectory {
    static final String ENV = "PEERCONNECT_DATA_DIR";

    private DataDirectory() {
    }

    /**
     * @param flag   the {@code --data-dir} value, if given
     * @param env    the process environment
     * @param osName the {@code os.name} system property
     * @param home   the {@code user.home} system property
     */
    public static Path resolve(Optional<Path> flag, Map<String, String> env, String osName, String home) {
        if (flag.isPresent()) {
            return flag.get();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local != null && !local.isBlank() ? Path.of(local) : Path.of(home, "AppData", "Local");
            return base.resolve("PeerConnect");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "PeerConnect");
        }
        // XDG Base Directory: a relative XDG_DATA_HOME is invalid and must be ignored.
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(home, ".local", "share");
        return base.resolve("peerconnect");
    }
}
