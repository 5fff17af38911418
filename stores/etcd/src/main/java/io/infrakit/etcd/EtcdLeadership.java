package io.infrakit.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.infrakit.core.manager.store.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Leadership through etcd's election API, held with a lease that this class renews itself.
 *
 * <p>No split brain: etcd expires the lease no earlier than TTL after the last renewal it accepted,
 * and that renewal was sent after the moment this class remembers; so when renewals stop working
 * (no quorum, network cut, etcd down) this manager steps down at <i>last send + TTL - margin</i>,
 * before etcd can let anyone else win. A leader killed outright stops renewing; etcd deletes its
 * election key when the lease runs out and the next candidate is elected (failover = about one TTL).
 * A clean {@link #close()} resigns and revokes the lease, so hand-over is immediate.
 *
 * <p>The election value is {@code self}: where this manager listens, so followers and the CLI find
 * the leader with {@link #leaderLocation()}.
 */
public final class EtcdLeadership implements Leadership {
    private static final Logger log = LoggerFactory.getLogger(EtcdLeadership.class);
    /** How often the holder checks its deadline and the watch's verdict. */
    private static final Duration TICK = Duration.ofMillis(20);

    private final Election election;
    private final Lease lease;
    private final KV kv;
    private final Watch watch;
    private final ByteSequence name;
    private final Duration ttl;
    private final Duration margin;
    private final Duration step;
    private final Duration requestTimeout;
    private final CountDownLatch closing = new CountDownLatch(1);

    private volatile boolean leader;
    private volatile String self;
    private volatile Thread loop;
    private volatile long currentLease;

    EtcdLeadership(Election election, Lease lease, KV kv, Watch watch, String electionName, Duration ttl,
                   Duration requestTimeout) {
        this.election = election;
        this.watch = watch;
        this.lease = lease;
        this.kv = kv;
        this.name = EtcdSpecStore.bytes(electionName);
        this.ttl = ttl;
        // Renew three times per TTL; step down a fifth of a TTL (at least 500 ms) before the lease could expire.
        this.step = ttl.dividedBy(3);
        this.margin = ttl.dividedBy(5).compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500) : ttl.dividedBy(5);
        this.requestTimeout = requestTimeout;
    }

    @Override
    public synchronized void start(String self, Listener listener) {
        if (loop != null) {
            throw new IllegalStateException("leadership already started");
        }
        this.self = self;
        loop = Thread.ofVirtual().name("etcd-leadership").start(() -> run(self, listener));
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public Optional<String> leaderLocation() {
        if (leader) {
            return Optional.ofNullable(self);
        }
        try {
            LeaderResponse r = election.leader(name).get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of(r.getKv().getValue().toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // No leader (NoLeaderException) or no quorum to ask: unknown.
            return Optional.empty();
        }
    }

    /** The lease this manager campaigns with (tests revoke it to force a hand-over). */
    long leaseId() {
        return currentLease;
    }

    @Override
    public void close() {
        closing.countDown();
        Thread t = loop;
        if (t != null) {
            try {
                t.join(requestTimeout.multipliedBy(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean closed() {
        return closing.getCount() == 0;
    }

    private void run(String self, Listener listener) {
        ByteSequence proposal = EtcdSpecStore.bytes(self);
        while (!closed()) {
            Held held = null;
            boolean elected = false;
            try {
                held = grant();
                campaign(held, proposal);
                if (held.lost || closed()) {
                    continue;
                }
                leader = true;
                elected = true;
                log.info("elected leader={} lease={} election={}", self, Long.toHexString(held.id), name);
                listener.elected();
                hold(held);
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                log.warn("leadership campaign of {} failed, retrying: {}", self, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                if (elected) {
                    leader = false;
                    log.info("revoked leader={} reason={}", self, closed() ? "closing" : "lease not renewed in time");
                    try {
                        listener.revoked();
                    } catch (RuntimeException e) {
                        log.warn("leadership listener failed on revoke", e);
                    }
                }
                if (held != null) {
                    release(held);
                }
            }
            pause(step);
        }
    }

    /** A granted lease and the latest moment this manager may still rely on it. */
    private static final class Held {
        final long id;
        volatile long validUntilNanos;
        volatile boolean lost;
        volatile LeaderKey key;
        final CountDownLatch gone = new CountDownLatch(1);

        Held(long id, long validUntilNanos) {
            this.id = id;
            this.validUntilNanos = validUntilNanos;
        }
    }

    private Held grant() throws ExecutionException, TimeoutException, InterruptedException {
        long sent = System.nanoTime();
        long id = lease.grant(ttl.toSeconds()).get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).getID();
        currentLease = id;
        return new Held(id, sent + ttl.toNanos() - margin.toNanos());
    }

    /** Campaigns while keeping the lease alive; returns when elected or when the lease is lost. */
    private void campaign(Held held, ByteSequence proposal) throws ExecutionException, InterruptedException {
        CompletableFuture<io.etcd.jetcd.election.CampaignResponse> call = election.campaign(name, held.id, proposal);
        while (true) {
            try {
                held.key = call.get(step.toMillis(), TimeUnit.MILLISECONDS).getLeader();
                break;
            } catch (TimeoutException waiting) {
                if (closed() || !renew(held)) {
                    call.cancel(true);
                    held.lost = true;
                    return;
                }
            }
        }
        // The campaign can return for a key whose lease ran out meanwhile: check that etcd still says it is ours.
        if (!renew(held)) {
            held.lost = true;
        }
    }

    /**
     * Renews until the lease is lost or leadership is given up. A watch on our election key ends
     * leadership at once when the key is deleted behind our back (lease revoked by an operator).
     */
    private void hold(Held held) {
        Watch.Watcher watcher = watch.watch(held.key.getKey(), WatchOption.DEFAULT, response -> {
            if (response.getEvents().stream().anyMatch(e -> e.getEventType() == WatchEvent.EventType.DELETE)) {
                // Stop answering "leader" right here, before the next candidate can finish its own checks;
                // the loop then tells the listener.
                leader = false;
                held.lost = true;
                held.gone.countDown();
            }
        });
        try {
            long nextRenew = System.nanoTime() + step.toNanos();
            while (!closed() && !held.lost) {
                held.gone.await(TICK.toMillis(), TimeUnit.MILLISECONDS);
                if (held.lost || System.nanoTime() >= held.validUntilNanos) {
                    held.lost = true;
                    return;
                }
                if (System.nanoTime() >= nextRenew) {
                    renew(held);
                    nextRenew = System.nanoTime() + step.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watcher.close();
        }
    }

    /**
     * One renewal: a keep-alive followed by a linearizable read of our election key. Only when both
     * succeed is the deadline moved to <i>send time + TTL - margin</i>: the read proves a quorum was
     * reachable (an isolated etcd leader may still answer keep-alives for a moment). Returns false
     * when the lease is known to be gone or the deadline passed; a failed round is retried next step.
     */
    private boolean renew(Held held) {
        long sent = System.nanoTime();
        long left = held.validUntilNanos - sent;
        if (left <= 0) {
            held.lost = true;
            return false;
        }
        try {
            long bound = Math.min(left, requestTimeout.toNanos());
            LeaseKeepAliveResponse r = lease.keepAliveOnce(held.id).get(bound, TimeUnit.NANOSECONDS);
            if (r.getTTL() <= 0) {
                held.lost = true; // etcd says the lease is gone (expired or revoked)
                return false;
            }
            if (held.key != null) {
                bound = Math.max(1, Math.min(held.validUntilNanos - System.nanoTime(), requestTimeout.toNanos()));
                GetResponse g = kv.get(held.key.getKey()).get(bound, TimeUnit.NANOSECONDS);
                if (g.getCount() == 0 || g.getKvs().get(0).getLease() != held.id) {
                    held.lost = true; // our election key was deleted: someone else may lead now
                    return false;
                }
            }
            held.validUntilNanos = sent + ttl.toNanos() - margin.toNanos();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("lease {} not renewed: {}", Long.toHexString(held.id), e.toString());
            boolean ok = System.nanoTime() < held.validUntilNanos;
            if (!ok) {
                held.lost = true;
            }
            return ok;
        }
    }

    /** Gives the lease back so the next candidate need not wait for it to expire. Best effort. */
    private void release(Held held) {
        // Revoking the lease deletes our election key too. While closing, wait for it so the next
        // manager takes over at once; otherwise (etcd unreachable) do not let it delay the next campaign.
        CompletableFuture<?> revoke = lease.revoke(held.id);
        if (closed()) {
            try {
                revoke.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.debug("lease revoke failed (it will expire by itself): {}", e.toString());
            }
        }
    }

    private void pause(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
