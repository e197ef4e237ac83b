package peerconnect.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    private static Path resolve(Optional<Path> flag, Map<String, String> env, String os) {
        return DataDirectory.resolve(flag, env, os, "/home/ann");
    }

    @Test
    void flagBeatsEnvironmentBeatsPlatform() {
        Map<String, String> env = Map.of("PEERCONNECT_DATA_DIR", "/srv/pc", "XDG_DATA_HOME", "/xdg");
        assertEquals(Path.of("/flag"), resolve(Optional.of(Path.of("/flag")), env, "Linux"));
        assertEquals(Path.of("/srv/pc"), resolve(Optional.empty(), env, "Linux"));
        assertEquals(Path.of("/xdg/peerconnect"), resolve(Optional.empty(), Map.of("XDG_DATA_HOME", "/xdg"), "Linux"));
    }

    @Test
    void platformLocations() {
        assertEquals(Path.of("/home/ann/.local/share/peerconnect"), resolve(Optional.empty(), Map.of(), "Linux"));
        // A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
        assertEquals(Path.of("/home/ann/.local/share/peerconnect"),
                resolve(Optional.empty(), Map.of("XDG_DATA_HOME", "rel"), "Linux"));
        assertEquals(Path.of("/home/ann/Library/Application Support/PeerConnect"),
                resolve(Optional.empty(), Map.of(), "Mac OS X"));
        assertEquals(Path.of("C:/Users/ann/AppData/Local/PeerConnect"),
                resolve(Optional.empty(), Map.of("LOCALAPPDATA", "C:/Users/ann/AppData/Local"), "Windows 11"));
        assertEquals(Path.of("/home/ann/AppData/Local/PeerConnect"), resolve(Optional.empty(), Map.of(), "Windows 11"));
    }
}
