package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;

/** {@link KademliaNodes#ping}: the one-shot PING of {@code peerconnect ping}, from a dispatcher with no node. */
class PingTest {
    @Test
    void aRunningNodeAnswersWithItsId() {
        Cluster cluster = new Cluster(11);
        Cluster.Member target = cluster.grow(1).get(0);
        Cluster.Member asker = cluster.add("asker"); // never started: only its dispatcher is used
        CompletableFuture<PeerId> id = KademliaNodes.ping(asker.dispatcher(), target.contact().address(), Duration.ofSeconds(1));
        assertEquals(target.contact().id(), cluster.await(id));
    }

    @Test
    void silenceTimesOut() {
        Cluster cluster = new Cluster(12);
        Cluster.Member silent = cluster.add("silent"); // not started: registers no handler, answers nothing
        Cluster.Member asker = cluster.add("asker");
        RequestsDispatcher dispatcher = asker.dispatcher();
        CompletableFuture<PeerId> id = KademliaNodes.ping(dispatcher, silent.contact().address(), Duration.ofSeconds(1));
        CompletionException e = assertThrows(CompletionException.class, () -> cluster.await(id));
        assertInstanceOf(TimeoutException.class, e.getCause());
    }
}
