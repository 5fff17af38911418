package io.infrakit.core.event;

import java.util.List;

/**
 * Something that keeps a history of events and lets a reader page through it: the manager reads
 * the group controller's events through this, whatever the controller's class.
 */
public interface EventFeed {

    /** Events with a sequence number above {@code after}, oldest first. */
    List<Event> since(long after);
}
