package io.infrakit.docker;

import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Follows the engine's event stream for this plugin's containers and hands each event on. The
 * stream is reopened when it drops (engine restart, network cut), from the time of the last event
 * seen, so that events in the gap are not missed.
 */
final class EventWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventWatcher.class);
    static final String[] ACTIONS = {"die", "destroy", "oom", "kill"};
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final DockerEngine engine;
    private final Consumer<Event> handler;
    private final Thread thread;
    private final CountDownLatch firstConnect = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile QuietCallback<Event> current;
    private volatile long lastNanos;

    EventWatcher(DockerEngine engine, Consumer<Event> handler) {
        this.engine = engine;
        this.handler = handler;
        this.thread = Thread.ofVirtual().name("docker-events").unstarted(this::run);
    }

    EventWatcher start() {
        thread.start();
        return this;
    }

    /** Waits until the stream is open (events before that moment are not seen). */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        return firstConnect.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (!closed) {
            QuietCallback<Event> callback = new QuietCallback<>() {
                @Override
                public void onStart(java.io.Closeable stream) {
                    super.onStart(stream);
                    firstConnect.countDown();
                }

                @Override
                public void onNext(Event event) {
                    if (event.getTimeNano() != null) {
                        lastNanos = event.getTimeNano();
                    }
                    try {
                        handler.accept(event);
                    } catch (RuntimeException e) {
                        log.warn("docker event {} of container {} not handled: {}", event.getAction(), event.getId(), e.toString());
                    }
                }
            };
            current = callback;
            boolean healthy = false;
            try {
                if (lastNanos == 0) {
                    // Start from the engine's own clock, so that a drop before the first event
                    // still resumes from here and loses nothing.
                    lastNanos = engineNow();
                }
                EventsCmd cmd = engine.streams().eventsCmd()
                        .withEventTypeFilter(EventType.CONTAINER)
                        .withLabelFilter(DockerLabels.MANAGED + "=true")
                        .withEventFilter(ACTIONS);
                if (lastNanos > 0) {
                    cmd.withSince(String.format("%d.%09d", lastNanos / 1_000_000_000L, lastNanos % 1_000_000_000L));
                }
                long opened = System.nanoTime();
                cmd.exec(callback);
                callback.awaitCompletion();
                if (callback.error() != null && !closed) {
                    log.warn("docker event stream from {} failed: {}", engine.host(), DockerEngine.rootMessage(callback.error()));
                }
                healthy = System.nanoTime() - opened > Duration.ofSeconds(10).toNanos();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("cannot open the docker event stream from {}: {}", engine.host(), DockerEngine.rootMessage(e));
            }
            if (closed) {
                return;
            }
            backoff = healthy ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), MAX_BACKOFF);
            log.info("docker event stream from {} ended; reconnecting in {} ms", engine.host(), backoff.toMillis());
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The engine's current time in Unix nanoseconds, or 0 when it cannot tell. */
    private long engineNow() {
        try {
            String t = engine.api().infoCmd().exec().getSystemTime();
            if (t == null) {
                return 0;
            }
            java.time.Instant i = java.time.OffsetDateTime.parse(t).toInstant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        QuietCallback<Event> c = current;
        if (c != null) {
            try {
                c.close();
            } catch (java.io.IOException ignored) {
                // closing a dropped stream
            }
        }
        thread.interrupt();
    }
}
