package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The quota settings: their defaults, and a bad value refused by name when the config is built. */
class KademliaQuotasTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        KademliaQuotas q = KademliaConfig.defaults().quotas();
        assertEquals(KademliaQuotas.defaults(), q);
        assertEquals(256, q.maxValuesPerSource());
        assertEquals(3, q.maxContactsPerAddressPerBucket());
        assertEquals(5, q.maxContactsPerSubnetPerBucket());
        assertFalse(q.subnetCapOnPrivateAddresses(), "a LAN shares one subnet");
        assertEquals(32, q.maxPendingAdmissions());
        assertEquals(16, q.maxListEntriesPerSource());
        assertTrue(q.maxValuesPerSource() < KademliaConfig.defaults().maxStoredValues(), "one source cannot fill the store");
        assertEquals(q, KademliaConfig.defaults().withK(8).withQuotas(q).quotas());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("maxValuesPerSource", (Supplier<KademliaQuotas>) () -> new KademliaQuotas(0, 3, 5, false, 32, 16)),
                Arguments.of("maxContactsPerAddressPerBucket",
                        (Supplier<KademliaQuotas>) () -> new KademliaQuotas(1, 0, 5, false, 32, 16)),
                Arguments.of("maxContactsPerSubnetPerBucket",
                        (Supplier<KademliaQuotas>) () -> new KademliaQuotas(1, 3, 21, false, 32, 16)),
                Arguments.of("maxPendingAdmissions", (Supplier<KademliaQuotas>) () -> new KademliaQuotas(1, 3, 5, false, 0, 16)),
                Arguments.of("maxListEntriesPerSource",
                        (Supplier<KademliaQuotas>) () -> new KademliaQuotas(1, 3, 5, false, 1, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void aBadSettingIsRefusedByName(String setting, Supplier<KademliaQuotas> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
