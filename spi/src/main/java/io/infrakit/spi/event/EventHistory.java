package io.infrakit.spi.event;

import java.util.List;

/**
 * An {@link EventPlugin} whose events subscribers follow: the server of its socket streams them on
 * {@code GET /events?topic=T} (server-sent events) by reading {@link #since}, so the publisher only
 * keeps a history and never waits on a slow reader.
 */
public interface EventHistory extends EventPlugin {

    /** Whether a subscription to {@code topic} can ever receive something (a known node or leaf). */
    boolean validTopic(String topic);

    /** The events with a sequence above {@code after}, oldest first, whose topic {@code topic} matches. */
    List<TopicEvent> since(String topic, long after);

    /** The sequence of the newest event (0 when none): a new subscriber starts after it. */
    long latest();
}
