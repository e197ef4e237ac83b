package peerconnect.app.settings;

import peerconnect.app.store.FileNodeStateStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.testkit.core.TestRandom;

class NodeKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void aNewKeyIsSavedAndTheSameKeyComesBack() {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        NodeKey made = NodeKeyFile.loadOrCreate(store, TestRandom.secure(1));
        NodeKey reloaded = NodeKeyFile.loadOrCreate(new FileNodeStateStore(dir), TestRandom.secure(2));
        assertEquals(made, reloaded);
        assertEquals(made.peerId(), reloaded.peerId());
        assertEquals(NodeKey.peerIdOf(made.publicKey()), reloaded.peerId());
    }

    @Test
    void aCorruptKeyIsSetAsideAndANewOneMade() throws Exception {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        NodeKey first = NodeKeyFile.loadOrCreate(store, TestRandom.secure(1));
        String text = first.toKeyFileText();
        String broken = text.substring(0, text.length() - 3) + "zz\n";
        store.write(NodeKeyFile.NAME, broken.getBytes(StandardCharsets.US_ASCII));

        NodeKey second = NodeKeyFile.loadOrCreate(store, TestRandom.secure(2));
        assertNotEquals(first.peerId(), second.peerId(), "a new key, so a new id");
        assertEquals(second, NodeKeyFile.loadOrCreate(store, TestRandom.secure(3)), "the new key was saved");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().contains("corrupt")).toList();
            assertEquals(1, aside.size());
            assertEquals(broken, Files.readString(aside.get(0)), "kept for a person to inspect");
        }
    }

    @Test
    void aDataDirectoryWithOnlyTheOldPeerIdGetsAKeyAndTheDerivedId() {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        PeerId old = PeerId.fromHex("0123456789abcdef0123456789abcdef01234567");
        store.write(NodeKeyFile.OLD_PEER_ID, (old.toHex() + "\n").getBytes(StandardCharsets.US_ASCII));

        NodeKey key = NodeKeyFile.loadOrCreate(store, TestRandom.secure(4));
        assertNotEquals(old, key.peerId());
        assertEquals(NodeKey.peerIdOf(key.publicKey()), key.peerId());
        assertTrue(store.read(NodeKeyFile.NAME).isPresent(), "the key is saved");
        assertEquals(key, NodeKeyFile.loadOrCreate(store, TestRandom.secure(5)), "migrated once, then kept");
    }

    @Test
    void theKeyFileIsReadableByItsOwnerOnly() throws Exception {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        NodeKeyFile.loadOrCreate(store, TestRandom.secure(6));
        Path file = store.pathOf(NodeKeyFile.NAME);
        boolean posix = Files.getFileAttributeView(file, PosixFileAttributeView.class) != null;
        if (!posix) {
            System.err.println("NodeKeyFileTest: skipped, the file system of " + dir + " has no POSIX permissions");
        }
        Assumptions.assumeTrue(posix, "the file system has no POSIX permissions");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
