package peerconnect.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import peerconnect.domain.DiscoveryAction.Admit;
import peerconnect.domain.DiscoveryAction.Announce;
import peerconnect.domain.DiscoveryAction.Answer;
import peerconnect.domain.DiscoveryAction.Bootstrap;
import peerconnect.domain.DiscoveryAction.Channel;
import peerconnect.domain.DiscoveryAction.Follow;
import peerconnect.domain.DiscoveryAction.ScheduleTimer;
import peerconnect.domain.DiscoveryAction.Source;
import peerconnect.domain.DiscoveryState.Idle;
import peerconnect.domain.DiscoveryState.Joined;
import peerconnect.domain.DiscoveryState.Joining;
import peerconnect.domain.DiscoveryState.Searching;
import peerconnect.domain.DiscoveryState.Stopped;
import peerconnect.domain.DiscoveryState.Waiting;

/**
 * The discovery state machine: how a node finds its first peer on the LAN and stays findable.
 *
 * <p>It announces itself (NETWORK_FIND) to the multicast group with exponential backoff and jitter
 * until the DHT is bootstrapped, widening the net in the configured rounds: IPv4 broadcast, then the
 * addresses the user gave, then contacts saved by the last run. After the active rounds it waits,
 * re-announcing now and then; once joined it re-announces rarely, so two islands merge when a
 * partition heals. It answers every other node's NETWORK_FIND, ignores its own echoes by peer id
 * (two nodes on one host share an IP) and drops any message whose advertised address is not the
 * address it came from, so nobody can point the DHT at a third party.
 *
 * <p>The caller hands it only messages that passed the {@link DiscoveryAuthenticator} (signed by the
 * sender's id, fresh, not replayed) or its own echoes: so, whatever the state, every accepted answer
 * admits its sender to the routing table ({@link Admit}) and every accepted announcement lets a known
 * id follow to the address it announced from ({@link Follow}).
 *
 * <p>It does no I/O and keeps no time: every input returns the {@link DiscoveryAction}s for the
 * caller to carry out. Not thread-safe; the caller confines it to one thread or executor.
 */
public final class Discovery {
    private final PeerId self;
    private final DiscoveryConfig config;
    private final RandomGenerator random;
    private List<NodeAddress> givenPeers = List.of();
    private List<NodeAddress> savedPeers = List.of();
    private DiscoveryState state = new Idle();
    private long timerToken;
    private long announcements;
    private long answered;
    private long repliesAccepted;
    private long echoesIgnored;
    private long spoofsRejected;
    private long announcementsUsed;

    public Discovery(PeerId self, DiscoveryConfig config, RandomGenerator random) {
        this.self = Objects.requireNonNull(self, "self");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Starts searching: the first announcement goes out at once.
     *
     * @param givenPeers addresses the user named ({@code --peer}), tried in round {@code givenPeersRound}
     * @param savedPeers contacts saved by the last run, tried in round {@code savedPeersRound}
     */
    public List<DiscoveryAction> start(List<NodeAddress> givenPeers, List<NodeAddress> savedPeers) {
        if (!(state instanceof Idle)) {
            throw new IllegalStateException("discovery already started: " + state);
        }
        this.givenPeers = List.copyOf(givenPeers);
        this.savedPeers = List.copyOf(savedPeers);
        return search(0);
    }

    /** A timer scheduled by a {@link ScheduleTimer} action fired. */
    public List<DiscoveryAction> onTimer(long token) {
        if (token != timerToken) {
            return List.of();
        }
        return switch (state) {
            case Searching s -> search(s.round() + 1);
            case Joining j -> {
                List<DiscoveryAction> actions = search(j.round() + 1);
                if (state instanceof Searching s) {
                    state = new Joining(s.round());
                }
                yield actions;
            }
            case Waiting w -> announce(config.waitingInterval());
            case Joined j -> announce(config.refreshInterval());
            case Idle i -> List.of();
            case Stopped s -> List.of();
        };
    }

    /** Announces now, outside the schedule (the user asked, or the DHT lost every contact). */
    public List<DiscoveryAction> announceNow() {
        return switch (state) {
            case Idle i -> List.of();
            case Stopped s -> List.of();
            case Joined j -> announce(config.refreshInterval());
            default -> search(0);
        };
    }

    /**
     * Another node's NETWORK_FIND arrived from {@code source}, advertising {@code advertised}. It is
     * answered and its sender followed if known elsewhere; a node still searching (or waiting alone) also bootstraps from
     * the announcer at once, since the announcement proves a live peer one round trip away: in a crowd
     * starting together, whoever announces first would otherwise be heard by nodes that wait for their
     * own next round. A node already joining or joined only answers and follows: the announcer
     * bootstraps from the answer, and a known peer that restarted elsewhere is followed at once.
     */
    public List<DiscoveryAction> onFind(PeerId sender, NodeAddress source, NodeAddress advertised) {
        if (!acceptable(sender, source, advertised)) {
            return List.of();
        }
        answered++;
        Follow follow = new Follow(new PeerContact(sender, advertised));
        if (!(state instanceof Searching || state instanceof Waiting)) {
            return List.of(new Answer(advertised), follow);
        }
        announcementsUsed++;
        joining();
        return List.of(new Answer(advertised), follow, new Bootstrap(List.of(advertised), Source.ANNOUNCEMENT));
    }

    /** A NETWORK_FIND_REPLY arrived: a node that heard us and where it listens; it is admitted and bootstrapped from. */
    public List<DiscoveryAction> onFindReply(PeerId sender, NodeAddress source, NodeAddress advertised) {
        if (!acceptable(sender, source, advertised)) {
            return List.of();
        }
        repliesAccepted++;
        // Even a joined node bootstraps from a reply: it may come from the other side of a healed partition.
        joining();
        return List.of(new Admit(new PeerContact(sender, advertised)), new Bootstrap(List.of(advertised), Source.REPLY));
    }

    /** A bootstrap is asked for: a searching or waiting node is now joining (a joined one stays joined). */
    private void joining() {
        if (state instanceof Searching s) {
            state = new Joining(s.round());
        } else if (state instanceof Waiting) {
            state = new Joining(config.activeRounds());
        }
    }

    /** The DHT reports whether it is bootstrapped (after a {@link Bootstrap}, or whenever it changes). */
    public List<DiscoveryAction> onBootstrapResult(boolean bootstrapped) {
        return switch (state) {
            case Searching s when bootstrapped -> joined();
            case Joining j when bootstrapped -> joined();
            case Waiting w when bootstrapped -> joined();
            case Joining j -> {
                state = new Searching(j.round());
                yield List.of();
            }
            // The DHT lost every contact: search again from the start.
            case Joined j when !bootstrapped -> search(0);
            default -> List.of();
        };
    }

    /** Stops: every later input is ignored and pending timers are void. */
    public void stop() {
        state = new Stopped();
        timerToken++;
    }

    public DiscoveryState state() {
        return state;
    }

    /** Counters since creation. */
    public DiscoveryStats stats() {
        return new DiscoveryStats(announcements, answered, repliesAccepted, echoesIgnored, spoofsRejected,
                announcementsUsed);
    }

    /** The backoff before the announcement after {@code round}: doubling from firstDelay up to maxDelay, with jitter. */
    Duration delayAfter(int round) {
        long cap = config.maxDelay().toNanos();
        long delay = Math.min(config.firstDelay().toNanos(), cap);
        for (int i = 0; i < round && delay < cap; i++) {
            delay = delay > cap / 2 ? cap : delay * 2;
        }
        return jittered(Duration.ofNanos(delay));
    }

    private List<DiscoveryAction> search(int round) {
        if (round >= config.activeRounds()) {
            state = new Waiting();
            return List.of(schedule(config.waitingInterval()));
        }
        state = new Searching(round);
        List<DiscoveryAction> actions = new ArrayList<>(4);
        announcements++;
        actions.add(new Announce(Channel.MULTICAST));
        if (round >= config.broadcastRound()) {
            actions.add(new Announce(Channel.BROADCAST));
        }
        if (round == config.givenPeersRound() && !givenPeers.isEmpty()) {
            actions.add(new Bootstrap(givenPeers, Source.GIVEN_PEERS));
        }
        if (round == config.savedPeersRound() && !savedPeers.isEmpty()) {
            actions.add(new Bootstrap(savedPeers, Source.SAVED_PEERS));
        }
        actions.add(schedule(delayAfter(round)));
        return actions;
    }

    private List<DiscoveryAction> announce(Duration next) {
        announcements++;
        return List.of(new Announce(Channel.MULTICAST), new Announce(Channel.BROADCAST), schedule(jittered(next)));
    }

    private List<DiscoveryAction> joined() {
        state = new Joined();
        return List.of(schedule(jittered(config.refreshInterval())));
    }

    private boolean acceptable(PeerId sender, NodeAddress source, NodeAddress advertised) {
        if (state instanceof Idle || state instanceof Stopped) {
            return false;
        }
        if (sender.equals(self)) {
            echoesIgnored++;
            return false;
        }
        if (!source.equals(advertised)) {
            spoofsRejected++;
            return false;
        }
        return true;
    }

    private ScheduleTimer schedule(Duration delay) {
        return new ScheduleTimer(delay, ++timerToken);
    }

    private Duration jittered(Duration delay) {
        if (config.jitter() == 0) {
            return delay;
        }
        double factor = 1 + config.jitter() * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.max(1, (long) (delay.toNanos() * factor)));
    }
}
