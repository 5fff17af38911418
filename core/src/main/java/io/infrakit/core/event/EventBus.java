package io.infrakit.core.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * In-process publish/subscribe of {@link Event}s, with a bounded history so that a late reader
 * ({@code infrakit events}) sees the recent past. Subscribers are called on the publishing thread:
 * they must be quick and must not block (hand work to another thread when needed); the one exception
 * is {@link EventType#DRAINING}, whose publisher is the destroy itself and waits on purpose.
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    public static final int DEFAULT_HISTORY = 10_000;

    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<Event> history;
    private final CopyOnWriteArrayList<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private long nextSequence = 1;

    public EventBus(Clock clock, int historyCapacity) {
        if (historyCapacity < 1) {
            throw new IllegalArgumentException("event history capacity must be at least 1, not " + historyCapacity);
        }
        this.clock = clock;
        this.capacity = historyCapacity;
        this.history = new ArrayDeque<>(Math.min(historyCapacity, 1024));
    }

    public EventBus(Clock clock) {
        this(clock, DEFAULT_HISTORY);
    }

    public EventBus() {
        this(Clock.systemUTC());
    }

    /** Records and delivers an event stamped with the bus's clock; returns it. */
    public Event publish(EventType type, String group, String instance, String message) {
        Event event;
        synchronized (history) {
            event = new Event(nextSequence++, clock.instant(), type, group, instance, message);
            if (history.size() == capacity) {
                history.removeFirst();
            }
            history.addLast(event);
        }
        for (Consumer<Event> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                // One faulty subscriber must not stop the others nor the controller that published.
                LOG.warn("event subscriber failed on {}: {}", event.type(), e.toString());
            }
        }
        return event;
    }

    /** Delivers every later event to {@code subscriber} until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** The kept events, oldest first. */
    public List<Event> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    /** The kept events with a sequence greater than {@code afterSequence}, oldest first. */
    public List<Event> since(long afterSequence) {
        synchronized (history) {
            List<Event> out = new ArrayList<>();
            for (Event e : history) {
                if (e.sequence() > afterSequence) {
                    out.add(e);
                }
            }
            return out;
        }
    }
}
