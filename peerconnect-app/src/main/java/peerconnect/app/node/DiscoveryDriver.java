package peerconnect.app.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.ClockJumps;
import peerconnect.domain.Discovery;
import peerconnect.domain.DiscoveryAction;
import peerconnect.domain.DiscoveryAction.Admit;
import peerconnect.domain.DiscoveryAction.Announce;
import peerconnect.domain.DiscoveryAction.Answer;
import peerconnect.domain.DiscoveryAction.Bootstrap;
import peerconnect.domain.DiscoveryAction.Follow;
import peerconnect.domain.DiscoveryAction.ScheduleTimer;
import peerconnect.domain.DiscoveryAuthenticator;
import peerconnect.domain.DiscoveryAuthenticator.Accepted;
import peerconnect.domain.DiscoveryAuthenticator.Rejected;
import peerconnect.domain.DiscoveryRejection;
import peerconnect.domain.DiscoveryState;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.DiscoveryStats;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.ports.DistributedHashTable;
import peerconnect.domain.Scheduler;

/**
 * Drives the domain {@link Discovery} machine: feeds it the discovery messages the dispatcher routes
 * here (root code {@code 0x01}), timer firings and the DHT's bootstrap results, and carries out the
 * actions it returns through the dispatcher, the DHT and the scheduler. Every message it sends is signed
 * by the node key, and every message it receives must pass the {@link DiscoveryAuthenticator} before the
 * machine sees it; refusals are counted by reason ({@code discovery.rejected.<REASON>}).
 *
 * <p>The machine is confined by one lock: every input runs under it and yields a list of actions,
 * which are carried out after the lock is released (sending never happens under it). Timers whose
 * token is stale are ignored by the machine itself, so none is ever cancelled.
 *
 * <p>With multicast off the node neither announces nor answers others' announcements (a UDP node
 * with multicast off has no group socket, so it hears none; the in-memory network would still deliver
 * broadcasts to it): only the given and saved addresses bootstrap the DHT.
 */
final class DiscoveryDriver implements CounterSource {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryDriver.class);

    private final Discovery machine;
    private final DiscoveryAuthenticator authenticator;
    private final NodeAddress advertised;
    private final RequestsDispatcher dispatcher;
    private final DistributedHashTable dht;
    private final Scheduler scheduler;
    private final DiscoveryChannels channels;
    private final Duration bootstrapPoll;
    private final boolean multicast;
    private final Object lock = new Object();
    private boolean stopped; // guarded by lock
    private volatile List<NodeAddress> fallback = List.of(); // given, then saved peers; written once by start
    private Cancellable poll = () -> { }; // guarded by lock
    /**
     * 5 s: the poll runs every second or so, and only a host that slept (or a wall clock stepped by NTP)
     * makes the wall clock outrun the monotonic one by that much; a pause of this JVM moves both alike.
     */
    private final ClockJumps clockJumps = new ClockJumps(Duration.ofSeconds(5)); // only the poll task touches it

    private final LongAdder sendFailures = new LongAdder();
    private final AtomicLong staleWarnings = new AtomicLong();
    private final LongAdder bootstraps = new LongAdder();
    private final LongAdder admissions = new LongAdder();
    private final LongAdder datagramsSent = new LongAdder();
    private final LongAdder networkChanges = new LongAdder();
    private final LongAdder wakeUps = new LongAdder();

    /**
     * @param machine       the discovery machine of this node (its peer id is the dispatcher's)
     * @param authenticator signs this node's messages with its node key (whose peer id is the dispatcher's)
     *                      and checks everyone else's
     * @param advertised    the address announcements and answers advertise: the one receivers see as
     *                      the source of this node's datagrams
     * @param channels      where announcements go
     * @param bootstrapPoll how often the DHT's bootstrap state is checked
     * @param multicast     whether discovery messages are sent and handled at all
     */
    DiscoveryDriver(Discovery machine, DiscoveryAuthenticator authenticator, NodeAddress advertised,
                     RequestsDispatcher dispatcher, DistributedHashTable dht, Scheduler scheduler,
                     DiscoveryChannels channels, Duration bootstrapPoll, boolean multicast) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        if (!authenticator.peerId().equals(dispatcher.localId())) {
            throw new IllegalArgumentException("the node key's peer id " + authenticator.peerId().shortHex()
                    + " is not the dispatcher's " + dispatcher.localId().shortHex());
        }
        this.advertised = Objects.requireNonNull(advertised, "advertised");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.dht = Objects.requireNonNull(dht, "dht");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.bootstrapPoll = Objects.requireNonNull(bootstrapPoll, "bootstrapPoll");
        this.multicast = multicast;
    }

    /** Registers the handler and starts searching at once; never blocks. */
    void start(List<NodeAddress> givenPeers, List<NodeAddress> savedPeers) {
        fallback = Stream.concat(givenPeers.stream(), savedPeers.stream()).distinct().toList();
        if (multicast) {
            dispatcher.register(RootCode.DISCOVERY, this::handle);
        }
        LOG.info("discovery started self={} advertised={} multicast={} groups={} broadcast={} given={} saved={}",
                dispatcher.localId().shortHex(), advertised, multicast, channels.groups(), channels.broadcast(),
                givenPeers.size(), savedPeers.size());
        feed(m -> m.start(givenPeers, savedPeers));
        schedulePoll();
    }

    /** Stops: no more announcements, answers or bootstraps. Idempotent. */
    void stop() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            machine.stop();
            poll.cancel();
        }
        dispatcher.unregister(RootCode.DISCOVERY);
        LOG.info("discovery stopped self={} stats={}", dispatcher.localId().shortHex(), stats());
    }

    /** Announces now, outside the schedule. */
    void announceNow() {
        feed(Discovery::announceNow);
    }

    /**
     * The transport saw its interface come back, be re-created or change its addresses (and joined the
     * groups again): announce at once rather than at the next refresh, so peers learn of us now.
     */
    void networkChanged() {
        networkChanges.increment();
        LOG.info("discovery self={} re-announces after a network change", dispatcher.localId().shortHex());
        announceNow();
    }

    /**
     * The host slept for {@code asleep} (or its wall clock jumped): every contact may have moved or gone.
     * Pings the known peers again (a reply refreshes a contact, silence lets the DHT's liveness rules
     * act) and announces at once, so the node re-discovers instead of waiting for failed calls.
     */
    private void wokeUp(Duration asleep) {
        wakeUps.increment();
        List<NodeAddress> known = dht.knownPeers().stream().map(peerconnect.domain.PeerContact::address).toList();
        LOG.info("discovery self={} sees the wall clock {} s ahead of the monotonic clock (suspend and resume?):"
                + " re-validating {} contacts and re-announcing", dispatcher.localId().shortHex(), asleep.toSeconds(),
                known.size());
        if (!known.isEmpty()) {
            carryOut(new Bootstrap(known, DiscoveryAction.Source.SAVED_PEERS), Optional.empty());
        }
        announceNow();
    }

    /** Tells the machine whether the DHT is bootstrapped (e.g. after Kademlia rejoined from its saved state). */
    void bootstrapped(boolean bootstrapped) {
        feed(m -> m.onBootstrapResult(bootstrapped));
    }

    DiscoveryState state() {
        synchronized (lock) {
            return machine.state();
        }
    }

    DiscoveryStats stats() {
        synchronized (lock) {
            return machine.stats();
        }
    }

    /** Reports the machine's counters and the driver's, by name ({@code discovery.answered}, ...). */
    @Override
    public void reportCounters(CounterSink c) {
        DiscoveryStats s = stats();
        c.counter("discovery.announcements", s.announcements());
        c.counter("discovery.answered", s.answered());
        c.counter("discovery.repliesAccepted", s.repliesAccepted());
        c.counter("discovery.announcementsUsed", s.announcementsUsed());
        c.counter("discovery.echoesIgnored", s.echoesIgnored());
        authenticator.rejections().forEach((reason, n) -> c.counter("discovery.rejected." + reason, n));
        c.counter("discovery.bootstraps", bootstraps.sum());
        c.counter("discovery.admissions", admissions.sum());
        c.counter("discovery.datagramsSent", datagramsSent.sum());
        c.counter("discovery.sendFailures", sendFailures.sum());
        c.counter("discovery.networkChanges", networkChanges.sum());
        c.counter("discovery.wakeUps", wakeUps.sum());
    }

    // ---------------------------------------------------------------- inbound

    private void handle(RequestEvent event) {
        Message message = event.message();
        byte op = message.op();
        PeerId sender = message.sender();
        NodeAddress from = event.from();
        if (sender.equals(dispatcher.localId())
                && (op == DiscoveryCodec.NETWORK_FIND || op == DiscoveryCodec.NETWORK_FIND_REPLY)) {
            // Our own echo (multicast loopback): the machine counts and ignores it; no signature to check.
            feed(m -> op == DiscoveryCodec.NETWORK_FIND
                    ? m.onFind(sender, from, from) : m.onFindReply(sender, from, from));
            return;
        }
        switch (authenticator.verify(op, sender, from, message.body())) {
            case Rejected r when r.reason() == DiscoveryRejection.STALE && staleWarnings.getAndIncrement() % 100 == 0 ->
                // The one refusal an honest peer causes: its clock is off. Said now and then, not per datagram.
                LOG.warn("discovery message refused from={} peer={}: its timestamp is outside the freshness window"
                        + " of our clock; are the hosts' clocks in sync? ({} such so far)", from, sender.shortHex(),
                        staleWarnings.get());
            case Rejected r -> LOG.debug("discovery message dropped from={} peer={} op={}: {}", from,
                    sender.shortHex(), op, r.reason());
            case Accepted a when op == DiscoveryCodec.NETWORK_FIND -> {
                FindToAnswer find = new FindToAnswer(sender, a.timestampMillis());
                run(m -> m.onFind(sender, from, a.advertised())).forEach(action -> carryOut(action, Optional.of(find)));
            }
            case Accepted a -> feed(m -> m.onFindReply(sender, from, a.advertised()));
        }
    }

    /** The NETWORK_FIND an {@link Answer} answers: the reply is signed for it alone. */
    private record FindToAnswer(PeerId finder, long timestampMillis) {
    }

    // ---------------------------------------------------------------- machine and actions

    /** Runs one input under the lock, then carries out what it returned. */
    private void feed(Function<Discovery, List<DiscoveryAction>> input) {
        run(input).forEach(action -> carryOut(action, Optional.empty()));
    }

    /** Runs one input under the lock and returns the actions to carry out (none once stopped). */
    private List<DiscoveryAction> run(Function<Discovery, List<DiscoveryAction>> input) {
        synchronized (lock) {
            return stopped ? List.of() : input.apply(machine);
        }
    }

    private void carryOut(DiscoveryAction action, Optional<FindToAnswer> find) {
        switch (action) {
            case Announce a when !multicast -> retryFallback(a);
            case Announce a -> {
                List<NodeAddress> targets = switch (a.channel()) {
                    case MULTICAST -> channels.groups();
                    case BROADCAST -> channels.broadcast();
                };
                for (NodeAddress to : targets) {
                    // Signed per datagram: each gets its own timestamp, so none looks like a replay of another.
                    send(to, DiscoveryCodec.NETWORK_FIND, authenticator.signFind(advertised));
                }
            }
            case Answer a when find.isPresent() -> send(a.to(), DiscoveryCodec.NETWORK_FIND_REPLY,
                    authenticator.signReply(advertised, find.get().finder(), find.get().timestampMillis()));
            case Answer a -> LOG.warn("discovery answer to={} has no find to answer; not sent", a.to());
            case Admit a -> {
                admissions.increment();
                dht.admitProven(a.contact());
            }
            case Follow f -> dht.followProven(f.contact());
            case Bootstrap b -> {
                bootstraps.increment();
                LOG.debug("discovery bootstraps from {} ({})", b.addresses(), b.source());
                try {
                    dht.bootstrap(b.addresses()).whenComplete((ok, failure) -> {
                        if (failure != null) {
                            LOG.debug("bootstrap from {} failed: {}", b.addresses(), failure.toString());
                        }
                        bootstrapped(failure == null && ok);
                    });
                } catch (RuntimeException e) {
                    LOG.warn("bootstrap from {} ({}) refused: {}", b.addresses(), b.source(), e.getMessage());
                    bootstrapped(dht.isBootstrapped());
                }
            }
            case ScheduleTimer t -> scheduler.schedule(t.delay(), () -> feed(m -> m.onTimer(t.token())));
        }
    }

    /**
     * With multicast off, an announcement of the waiting schedule asks the given and saved peers again
     * instead, so a node whose peers were down when it started still joins once one comes up. (While
     * searching, the machine itself hands them out in their rounds.)
     */
    private void retryFallback(Announce announce) {
        if (announce.channel() != DiscoveryAction.Channel.MULTICAST || fallback.isEmpty()
                || !(state() instanceof DiscoveryState.Waiting)) {
            return;
        }
        carryOut(new Bootstrap(fallback, DiscoveryAction.Source.SAVED_PEERS), Optional.empty());
    }

    private void send(NodeAddress to, byte header, byte[] body) {
        try {
            dispatcher.send(to, RootCode.DISCOVERY, header, body);
            datagramsSent.increment();
        } catch (RuntimeException e) {
            // A closed transport during shutdown, an unreachable family: the next round tries again.
            sendFailures.increment();
            LOG.debug("discovery send to={} failed: {}", to, e.toString());
        }
    }

    /**
     * Checks now and then whether the DHT's state differs from what the machine believes: a joined node
     * whose DHT lost every contact searches again; a searching node that others joined stops searching.
     * The same poll notices a suspend/resume ({@link ClockJumps}).
     */
    private void schedulePoll() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            poll = scheduler.schedule(bootstrapPoll, () -> {
                clockJumps.observe(scheduler.clock().millis(), scheduler.nanoTime()).ifPresent(this::wokeUp);
                boolean bootstrapped = dht.isBootstrapped();
                DiscoveryState state = state();
                boolean joined = state instanceof DiscoveryState.Joined;
                boolean searching =
                        state instanceof DiscoveryState.Searching || state instanceof DiscoveryState.Waiting;
                if ((joined && !bootstrapped) || (searching && bootstrapped)) {
                    LOG.info("discovery self={} sees the DHT {}", dispatcher.localId().shortHex(),
                            bootstrapped ? "joined by others" : "lost every contact");
                    bootstrapped(bootstrapped);
                }
                schedulePoll();
            });
        }
    }
}
