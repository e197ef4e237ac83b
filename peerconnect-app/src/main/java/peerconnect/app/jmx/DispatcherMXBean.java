package peerconnect.app.jmx;

import java.util.Map;

/**
 * A node's dispatcher counters as JMX sees them (jconsole, VisualVM, {@code jcmd}): the names and
 * meanings of {@link peerconnect.domain.DispatcherStats}, read fresh on every call.
 */
public interface DispatcherMXBean {
    long getReceived();

    long getSubmitted();

    long getDispatched();

    long getRepliesMatched();

    /** Dropped events by reason ({@code OVERSIZE}, {@code SHED}, ...), only reasons seen so far. */
    Map<String, Long> getDroppedByReason();

    long getDroppedTotal();

    long getHandlerFailures();

    long getRequestsSent();

    long getRequestsTimedOut();

    long getSendFailures();

    int getQueued();

    int getQueueHighWater();

    int getPendingReplies();
}
