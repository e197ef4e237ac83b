package peerconnect.app.node;

import peerconnect.app.store.FileNodeStateStore;
import peerconnect.app.settings.NodeKeyFile;
import peerconnect.app.settings.NodeSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;
import peerconnect.domain.Discovery;
import peerconnect.domain.DiscoveryAuthenticator;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DispatcherBuilder;
import peerconnect.domain.NodeKey;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.domain.Scheduler;

/**
 * The node itself, over whatever network and protocol modules it is composed with: its settings and
 * tuning, the state store in the data directory, its persistent node key and the peer id derived from
 * it, the dispatcher and the discovery driver.
 */
final class NodeModule extends AbstractModule {
    private final NodeSettings settings;
    private final NodeTuning tuning;

    NodeModule(NodeSettings settings, NodeTuning tuning) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
    }

    @Override
    protected void configure() {
        bind(NodeSettings.class).toInstance(settings);
        bind(NodeTuning.class).toInstance(tuning);
    }

    @Provides
    @Singleton
    NodeStateStore store() {
        return new FileNodeStateStore(settings.dataDir());
    }

    @Provides
    @Singleton
    NodeKey nodeKey(NodeStateStore store, RandomGenerator random) {
        return NodeKeyFile.loadOrCreate(store, secure(random));
    }

    /**
     * The node's one budget and cache of signature checks (rumors, node records), on the scheduler's
     * clock: every protocol that checks other nodes' signatures shares it, so together they never
     * spend more than {@link SignatureCheckSettings#defaults()} allows.
     */
    @Provides
    @Singleton
    SignatureChecker signatureChecker(Scheduler scheduler) {
        return new SignatureChecker(SignatureCheckSettings.defaults(), SignatureVerifier.ed25519(), scheduler.clock());
    }

    /** The peer id is the node key's (see {@link NodeKey}): nobody else can sign for it. */
    @Provides
    @Singleton
    PeerId peerId(NodeKey key) {
        return key.peerId();
    }

    @Provides
    @Singleton
    PeerRecord self(PeerId id, DatagramTransport transport) {
        String name = settings.name().isBlank() ? "peer-" + id.shortHex() : settings.name();
        return new PeerRecord(new PeerContact(id, transport.localAddress()), name);
    }

    @Provides
    @Singleton
    RequestsDispatcher dispatcher(PeerId id, DatagramTransport transport, Scheduler scheduler, RandomGenerator random) {
        // Rate limits run on the scheduler's clock (injected time, virtual in tests), before the seal is opened.
        DispatcherBuilder builder = RequestsDispatcher.builder(id).config(tuning.dispatcher()).transport(transport)
                .scheduler(scheduler).random(random).rateLimits(settings.rateLimits());
        settings.networkKey().ifPresent(key -> builder.networkKey(NetworkKeySeals.seal(key)));
        return builder.build();
    }

    @Provides
    @Singleton
    DiscoveryDriver discovery(PeerRecord self, NodeKey key, RequestsDispatcher dispatcher, DistributedHashTable dht,
                               Scheduler scheduler, DiscoveryChannels channels, RandomGenerator random,
                               SignatureChecker checks) {
        DiscoveryConfig config = discoveryConfig();
        // The node's one budget of signature checks: a discovery flood and a record flood spend the same.
        return new DiscoveryDriver(new Discovery(self.contact().id(), config, random),
                new DiscoveryAuthenticator(key, config, scheduler.clock(), checks), self.contact().address(), dispatcher, dht,
                scheduler, channels, tuning.bootstrapPoll(), settings.multicast());
    }

    /**
     * The app binds a {@link SecureRandom}; a simulation's seeded generator seeds a SHA1PRNG instead, so its
     * keys are reproducible for a seed (and still made by a cryptographic generator).
     */
    private static SecureRandom secure(RandomGenerator random) {
        if (random instanceof SecureRandom secure) {
            return secure;
        }
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(random.nextLong());
            return seeded;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA1PRNG", e);
        }
    }

    /** With multicast off nothing is announced, so the given and saved addresses are tried at once. */
    private DiscoveryConfig discoveryConfig() {
        DiscoveryConfig c = tuning.discovery();
        if (settings.multicast()) {
            return c;
        }
        return c.withFallbackRounds(0, 0);
    }
}
