package peerconnect.app.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.app.console.MiniJson;
import peerconnect.domain.NetworkKey;
import peerconnect.testkit.core.TestRandom;

/**
 * {@code peerconnect discover} asks on both families: on a perfect {@link ImpairedLan} (hosts with
 * 10.79.0.i/24 and fd79::i/64), host 1 runs a node that advertises its IPv6 address only
 * ({@code --ipv6 --bind fd79::1}: its socket cannot hear IPv4 at all), host 2 a node with the defaults
 * (it advertises its IPv4 address), all with one network key; {@code discover --json} on host 3, with
 * that key, must list both, each once, the first at its IPv6 address: that answer can only have come
 * through the IPv6 group. Skipped, saying why, without namespaces or the image.
 */
class DiscoverBothFamiliesIT {
    @TempDir
    Path data;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void discoverListsANodeFoundOverIpv6AndOneOverIpv4EachOnce() throws Exception {
        ImageNode.assumeLanAndImage("DiscoverBothFamiliesIT");
        Path keyFile = Files.writeString(data.resolve("network.key"),
                NetworkKey.generate(TestRandom.secure(61)).toKeyFileText());
        try (ImpairedLan lan = new ImpairedLan(3, 61)) {
            String key = keyFile.toString();
            ImageNode v6 = ImageNode.launch(lan, 1, data.resolve("n1"), "six", "--ipv6", "--bind",
                    ImpairedLan.ipv6(1), "--network-key-file", key);
            ImageNode v4 = ImageNode.launch(lan, 2, data.resolve("n2"), "four", "--network-key-file", key);
            v6.awaitBanner(Duration.ofSeconds(60));
            v4.awaitBanner(Duration.ofSeconds(60));
            Process discover = lan.start(3, List.of(ImageNode.IMAGE.toString(), "discover", "--seconds", "3",
                    "--json", "--interface", "lan0", "--network-key-file", key), ProcessBuilder.Redirect.PIPE);
            discover.getOutputStream().close();
            String out = new String(discover.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(discover.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(discover.waitFor(30, TimeUnit.SECONDS), "discover ended");
            System.out.printf("discover over both families: exit %d, stdout %s, stderr '%s'%n", discover.exitValue(),
                    out, err);
            Map<?, ?> fields = (Map<?, ?>) MiniJson.parse(out);
            Map<String, Object> six = Map.of("id", v6.id(), "address", v6.address(), "addresses", List.of(v6.address()));
            Map<String, Object> four = Map.of("id", v4.id(), "address", v4.address(), "addresses", List.of(v4.address()));
            List<?> peers = (List<?>) fields.get("peers");
            assertAll(
                    () -> assertEquals(0, discover.exitValue(), err),
                    () -> assertTrue(v6.address().startsWith("[fd79::1]") || v6.address().startsWith("[fd79:0:0:0:0:0:0:1]"),
                            "the first node advertises its IPv6 address: " + v6.address()),
                    () -> assertEquals(List.of("IPv4", "IPv6"), fields.get("asked")),
                    () -> assertEquals(2, peers.size(), "each peer once: " + peers),
                    () -> assertTrue(peers.contains(six), "found over IPv6: " + peers),
                    () -> assertTrue(peers.contains(four), "found over IPv4: " + peers));
            assertEquals(0, v6.quit(Duration.ofSeconds(20)));
            assertEquals(0, v4.quit(Duration.ofSeconds(20)));
        }
    }
}
