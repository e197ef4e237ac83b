package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipQuotas;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.EnvelopeCodec;

class GossipModuleTest {
    private static final EnvelopeCodec SEALED =
            EnvelopeCodec.withMaxDatagramBytes(EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES - DatagramSeal.OVERHEAD_BYTES);

    @Test
    void aSealedCodecShrinksThePayloadLimitAndKeepsTheQuotas() {
        GossipQuotas quotas = new GossipQuotas(17, Duration.ofSeconds(9), 5);
        GossipConfig config = GossipConfig.defaults().withQuotas(quotas);

        GossipConfig fitted = GossipModule.fitted(config, SEALED);

        assertEquals(GossipConfig.LARGEST_PAYLOAD_BYTES - DatagramSeal.OVERHEAD_BYTES, fitted.maxPayloadBytes());
        assertEquals(quotas, fitted.quotas());
        assertEquals(config.fanout(), fitted.fanout());
    }

    @Test
    void thePlainCodecLeavesTheConfigAsItIs() {
        GossipConfig config = GossipConfig.defaults();
        assertSame(config, GossipModule.fitted(config, EnvelopeCodec.create()));
    }
}
