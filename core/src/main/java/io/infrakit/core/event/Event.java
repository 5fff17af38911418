package io.infrakit.core.event;

import java.time.Instant;

/**
 * One thing that happened to a group. {@code sequence} grows by one per event on a bus, so a reader
 * can ask for what came after the last event it saw. {@code instance} is null for group-level events.
 */
public record Event(long sequence, Instant time, EventType type, String group, String instance, String message) {

    @Override
    public String toString() {
        return time + " " + type + " group=" + group + (instance == null ? "" : " instance=" + instance)
                + (message == null || message.isEmpty() ? "" : " " + message);
    }
}
