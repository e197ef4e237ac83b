package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DiscoveryAction.Admit;
import peerconnect.domain.DiscoveryAction.Announce;
import peerconnect.domain.DiscoveryAction.Answer;
import peerconnect.domain.DiscoveryAction.Bootstrap;
import peerconnect.domain.DiscoveryAction.Channel;
import peerconnect.domain.DiscoveryAction.Follow;
import peerconnect.domain.DiscoveryAction.ScheduleTimer;
import peerconnect.domain.DiscoveryAction.Source;
import peerconnect.domain.DiscoveryState.Joined;
import peerconnect.domain.DiscoveryState.Joining;
import peerconnect.domain.DiscoveryState.Searching;
import peerconnect.domain.DiscoveryState.Stopped;
import peerconnect.domain.DiscoveryState.Waiting;

class DiscoveryTest {
    private static final PeerId SELF = PeerId.random(new SplittableRandom(1));
    private static final PeerId OTHER = PeerId.random(new SplittableRandom(2));
    private static final NodeAddress SELF_ADDRESS = NodeAddress.parse("10.0.0.1:4000");
    private static final NodeAddress OTHER_ADDRESS = NodeAddress.parse("10.0.0.2:4000");
    private static final NodeAddress GIVEN = NodeAddress.parse("10.0.9.9:4000");
    private static final NodeAddress SAVED = NodeAddress.parse("10.0.8.8:4000");
    /** No jitter, so delays can be checked by table. */
    private static final Admit ADMIT_OTHER = new Admit(new PeerContact(OTHER, OTHER_ADDRESS));
    private static final Follow FOLLOW_OTHER = new Follow(new PeerContact(OTHER, OTHER_ADDRESS));
    private static final DiscoveryConfig EXACT = DiscoveryConfig.defaults().withJitter(0).withActiveRounds(7);

    private final Discovery discovery = new Discovery(SELF, EXACT, new SplittableRandom(3));

    @Test
    void searchesWithDoublingBackoffAndWidensTheNetRoundByRound() {
        List<List<DiscoveryAction>> rounds = new ArrayList<>();
        rounds.add(discovery.start(List.of(GIVEN), List.of(SAVED)));
        for (int i = 1; i < 7; i++) {
            rounds.add(discovery.onTimer(timer(rounds.get(i - 1)).token()));
        }
        long[] expectedMillis = {250, 500, 1000, 2000, 4000, 8000, 8000};
        for (int round = 0; round < 7; round++) {
            List<DiscoveryAction> actions = rounds.get(round);
            assertEquals(Duration.ofMillis(expectedMillis[round]), timer(actions).delay(), "round " + round);
            assertTrue(actions.contains(new Announce(Channel.MULTICAST)), "round " + round);
            assertEquals(round >= 2, actions.contains(new Announce(Channel.BROADCAST)), "round " + round);
            assertEquals(round == 3, actions.contains(new Bootstrap(List.of(GIVEN), Source.GIVEN_PEERS)));
            assertEquals(round == 4, actions.contains(new Bootstrap(List.of(SAVED), Source.SAVED_PEERS)));
        }
        List<DiscoveryAction> afterActive = discovery.onTimer(timer(rounds.get(6)).token());
        assertEquals(List.of(new ScheduleTimer(Duration.ofSeconds(30), timer(afterActive).token())), afterActive);
        assertInstanceOf(Waiting.class, discovery.state());
        List<DiscoveryAction> waiting = discovery.onTimer(timer(afterActive).token());
        assertTrue(waiting.contains(new Announce(Channel.MULTICAST)));
        assertEquals(Duration.ofSeconds(30), timer(waiting).delay());
        assertEquals(8, discovery.stats().announcements());
    }

    @Test
    void aTimerThatIsNoLongerCurrentDoesNothing() {
        long first = timer(discovery.start(List.of(), List.of())).token();
        discovery.announceNow();
        assertEquals(List.of(), discovery.onTimer(first));
        assertEquals(new Searching(0), discovery.state());
    }

    @Test
    void aReplyAdmitsItsSenderBootstrapsTheDhtAndSuccessSettlesIntoRareRefreshes() {
        discovery.start(List.of(), List.of());
        assertEquals(List.of(ADMIT_OTHER, new Bootstrap(List.of(OTHER_ADDRESS), Source.REPLY)),
                discovery.onFindReply(OTHER, OTHER_ADDRESS, OTHER_ADDRESS));
        assertEquals(new Joining(0), discovery.state());
        List<DiscoveryAction> joined = discovery.onBootstrapResult(true);
        assertEquals(new Joined(), discovery.state());
        assertEquals(Duration.ofMinutes(5), timer(joined).delay());
        List<DiscoveryAction> refresh = discovery.onTimer(timer(joined).token());
        assertTrue(refresh.contains(new Announce(Channel.MULTICAST)));
        assertEquals(Duration.ofMinutes(5), timer(refresh).delay());
    }

    @Test
    void aFailedBootstrapGoesOnSearchingWhereItWas() {
        List<DiscoveryAction> first = discovery.start(List.of(), List.of());
        List<DiscoveryAction> second = discovery.onTimer(timer(first).token());
        discovery.onFindReply(OTHER, OTHER_ADDRESS, OTHER_ADDRESS);
        List<DiscoveryAction> third = discovery.onTimer(timer(second).token());
        assertEquals(new Joining(2), discovery.state());
        assertEquals(Duration.ofMillis(1000), timer(third).delay());
        assertEquals(List.of(), discovery.onBootstrapResult(false));
        assertEquals(new Searching(2), discovery.state());
    }

    @Test
    void aJoinedNodeStillBootstrapsFromRepliesSoHealedIslandsMerge() {
        discovery.start(List.of(), List.of());
        discovery.onFindReply(OTHER, OTHER_ADDRESS, OTHER_ADDRESS);
        discovery.onBootstrapResult(true);
        NodeAddress island = NodeAddress.parse("10.0.0.3:4000");
        PeerId islander = PeerId.random(new SplittableRandom(4));
        assertEquals(List.of(new Admit(new PeerContact(islander, island)), new Bootstrap(List.of(island), Source.REPLY)),
                discovery.onFindReply(islander, island, island));
        assertEquals(new Joined(), discovery.state());
    }

    @Test
    void losingEveryContactStartsTheSearchAgain() {
        discovery.start(List.of(), List.of());
        discovery.onBootstrapResult(true);
        List<DiscoveryAction> again = discovery.onBootstrapResult(false);
        assertEquals(new Searching(0), discovery.state());
        assertTrue(again.contains(new Announce(Channel.MULTICAST)));
        assertEquals(Duration.ofMillis(250), timer(again).delay());
    }

    @Test
    void answersAndFollowsOthersAndIgnoresItsOwnEchoEvenFromAnotherAddressOfThisHost() {
        discovery.start(List.of(), List.of());
        discovery.onBootstrapResult(true);
        assertEquals(List.of(new Answer(OTHER_ADDRESS), FOLLOW_OTHER), discovery.onFind(OTHER, OTHER_ADDRESS, OTHER_ADDRESS));
        NodeAddress sameHostOtherPort = NodeAddress.parse("10.0.0.1:4001");
        assertEquals(List.of(), discovery.onFind(SELF, sameHostOtherPort, sameHostOtherPort));
        assertEquals(List.of(), discovery.onFindReply(SELF, SELF_ADDRESS, SELF_ADDRESS));
        assertEquals(new DiscoveryStats(1, 1, 0, 2, 0, 0), discovery.stats());
    }

    @Test
    void aSearchingNodeThatHearsAnAnnouncementAnswersFollowsAndBootstrapsFromTheAnnouncerAtOnce() {
        discovery.start(List.of(), List.of());
        assertEquals(List.of(new Answer(OTHER_ADDRESS), FOLLOW_OTHER,
                        new Bootstrap(List.of(OTHER_ADDRESS), Source.ANNOUNCEMENT)),
                discovery.onFind(OTHER, OTHER_ADDRESS, OTHER_ADDRESS));
        assertEquals(new Joining(0), discovery.state());
        assertEquals(1, discovery.stats().announcementsUsed());
        NodeAddress third = NodeAddress.parse("10.0.0.3:4000");
        PeerId thirdId = PeerId.random(new SplittableRandom(4));
        assertEquals(List.of(new Answer(third), new Follow(new PeerContact(thirdId, third))),
                discovery.onFind(thirdId, third, third),
                "while a bootstrap is under way another announcer is only answered (and followed if known)");
        discovery.onBootstrapResult(true);
        assertEquals(new Joined(), discovery.state());
        assertEquals(List.of(new Answer(OTHER_ADDRESS), FOLLOW_OTHER), discovery.onFind(OTHER, OTHER_ADDRESS, OTHER_ADDRESS),
                "a joined node answers and follows (a restarted peer proves its new address so), but does not bootstrap");
    }

    @Test
    void aWaitingNodeThatHearsAnAnnouncementJoinsFromIt() {
        List<DiscoveryAction> actions = discovery.start(List.of(), List.of());
        for (int i = 0; i < 7; i++) {
            actions = discovery.onTimer(timer(actions).token());
        }
        assertEquals(new Waiting(), discovery.state());
        assertTrue(discovery.onFind(OTHER, OTHER_ADDRESS, OTHER_ADDRESS)
                .contains(new Bootstrap(List.of(OTHER_ADDRESS), Source.ANNOUNCEMENT)));
        assertInstanceOf(Joining.class, discovery.state());
    }

    @Test
    void anAdvertisedAddressThatIsNotTheSourceIsRejected() {
        discovery.start(List.of(), List.of());
        NodeAddress victim = NodeAddress.parse("10.0.0.66:4000");
        assertEquals(List.of(), discovery.onFind(OTHER, OTHER_ADDRESS, victim));
        assertEquals(List.of(), discovery.onFindReply(OTHER, OTHER_ADDRESS, victim));
        assertEquals(2, discovery.stats().spoofsRejected());
        assertEquals(new Searching(0), discovery.state());
    }

    @Test
    void beforeStartAndAfterStopNothingHappens() {
        assertEquals(List.of(), discovery.onFind(OTHER, OTHER_ADDRESS, OTHER_ADDRESS));
        assertEquals(List.of(), discovery.announceNow());
        long token = timer(discovery.start(List.of(), List.of())).token();
        discovery.stop();
        assertEquals(new Stopped(), discovery.state());
        assertEquals(List.of(), discovery.onTimer(token));
        assertEquals(List.of(), discovery.onFindReply(OTHER, OTHER_ADDRESS, OTHER_ADDRESS));
        assertEquals(List.of(), discovery.onBootstrapResult(true));
        assertThrows(IllegalStateException.class, () -> discovery.start(List.of(), List.of()));
    }

    @Test
    void jitterSpreadsEachDelayWithinItsBoundsAndIsReproducible() {
        DiscoveryConfig config = DiscoveryConfig.defaults();
        Discovery a = new Discovery(SELF, config, new SplittableRandom(9));
        Discovery b = new Discovery(SELF, config, new SplittableRandom(9));
        for (int round = 0; round < 80; round++) {
            long nominal = Math.min(config.firstDelay().toNanos() << Math.min(round, 20), config.maxDelay().toNanos());
            long delay = a.delayAfter(round).toNanos();
            assertTrue(delay >= nominal * (1 - config.jitter()) && delay <= nominal * (1 + config.jitter()),
                    "round " + round + ": " + delay + " ns for nominal " + nominal);
            assertEquals(delay, b.delayAfter(round).toNanos());
        }
    }

    private static ScheduleTimer timer(List<DiscoveryAction> actions) {
        return actions.stream().filter(ScheduleTimer.class::isInstance).map(ScheduleTimer.class::cast)
                .reduce((first, second) -> {
                    throw new AssertionError("two timers in " + actions);
                })
                .orElseThrow(() -> new AssertionError("no timer in " + actions));
    }
}
