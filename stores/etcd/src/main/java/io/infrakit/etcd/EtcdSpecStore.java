package io.infrakit.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.infrakit.core.manager.store.DamagedGroupException;
import io.infrakit.core.manager.store.SpecConflictException;
import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.core.manager.store.StoreDamage;
import io.infrakit.core.manager.store.StoredSpec;
import io.infrakit.core.manager.store.VersionFiles;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.group.GroupSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Group specs in etcd. Layout under the prefix:
 * <pre>
 *   PREFIX specs/current/ID          the latest version (etcd's per-key version is the spec's version)
 *   PREFIX specs/history/ID/VERSION  every kept version, VERSION zero-padded so keys sort by version
 * </pre>
 * A commit is one etcd transaction: if the current key's version still equals the expected one, put
 * the new current, add it to history and drop the version that falls out of the bound; else read what
 * is there and report the conflict. So two managers never overwrite each other, and current and
 * history never disagree. IDs are URL-encoded in keys so that an ID holding '/' cannot collide.
 */
public final class EtcdSpecStore implements SpecStore {
    private static final Logger log = LoggerFactory.getLogger(EtcdSpecStore.class);
    /** Commits with {@link #ANY_VERSION} retry this often when other managers keep winning the race. */
    private static final int ANY_VERSION_ATTEMPTS = 20;

    private final KV kv;
    private final EtcdCalls calls;
    private final String currentPrefix;
    private final String historyPrefix;
    private final int historyLimit;

    EtcdSpecStore(KV kv, EtcdCalls calls, String prefix, int historyLimit) {
        this.kv = kv;
        this.calls = calls;
        this.currentPrefix = prefix + "specs/current/";
        this.historyPrefix = prefix + "specs/history/";
        this.historyLimit = historyLimit;
    }

    @Override
    public List<StoredSpec> list() {
        GetResponse r = calls.await("list specs", kv.get(bytes(currentPrefix), GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build()));
        List<StoredSpec> specs = new ArrayList<>();
        for (KeyValue kvp : r.getKvs()) {
            Read read = readCurrent(kvp);
            if (read.spec() != null) {
                specs.add(read.spec()); // a damaged group is left out: damage() reports it, nothing runs it
            }
        }
        // Keys sort by encoded ID; the contract says by ID.
        specs.sort(java.util.Comparator.comparing(StoredSpec::id));
        return specs;
    }

    @Override
    public Optional<StoredSpec> get(String id) {
        GetResponse r = calls.await("get spec " + id, kv.get(bytes(currentKey(id))));
        if (r.getKvs().isEmpty()) {
            return Optional.empty();
        }
        Read read = readCurrent(r.getKvs().get(0));
        if (read.damage() != null) {
            throw new DamagedGroupException(read.damage());
        }
        return Optional.of(read.spec());
    }

    @Override
    public List<StoreDamage> damage() {
        GetResponse r = calls.await("list specs", kv.get(bytes(currentPrefix), GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build()));
        List<StoreDamage> out = new ArrayList<>();
        for (KeyValue kvp : r.getKvs()) {
            Read read = readCurrent(kvp);
            if (read.damage() != null) {
                out.add(read.damage());
            }
        }
        GetResponse h = calls.await("history", kv.get(bytes(historyPrefix), GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build()));
        for (KeyValue kvp : h.getKvs()) {
            String key = kvp.getKey().toString(StandardCharsets.UTF_8);
            String rest = key.substring(historyPrefix.length());
            int slash = rest.lastIndexOf('/');
            if (slash < 0) {
                continue;
            }
            String id = java.net.URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
            long version = parseVersion(rest.substring(slash + 1));
            String reason = reason(kvp, id, version);
            if (reason != null) {
                out.add(new StoreDamage(id, etcdPlace(key), version, reason, false, 0));
            }
        }
        return out;
    }

    /** One current value: its spec, or why it cannot be trusted (then the group is damaged). */
    private record Read(StoredSpec spec, StoreDamage damage) {
    }

    /** The current key's etcd version is the spec's version; the value must say the same and carry a matching checksum. */
    private Read readCurrent(KeyValue kvp) {
        String key = kvp.getKey().toString(StandardCharsets.UTF_8);
        String id = java.net.URLDecoder.decode(key.substring(currentPrefix.length()), StandardCharsets.UTF_8);
        long version = kvp.getVersion();
        try {
            return new Read(VersionFiles.decode(kvp.getValue().getBytes(), id, version), null);
        } catch (VersionFiles.DamagedFileException | java.io.IOException e) {
            long restore = history(id).stream().mapToLong(StoredSpec::version).filter(v -> v < version).max().orElse(0);
            return new Read(null, new StoreDamage(id, etcdPlace(key), version, e.getMessage(), true, restore));
        }
    }

    /** Null when a history value is sound, else what is wrong with it. */
    private static String reason(KeyValue kvp, String id, long version) {
        try {
            VersionFiles.decode(kvp.getValue().getBytes(), id, version);
            return null;
        } catch (VersionFiles.DamagedFileException | java.io.IOException e) {
            return e.getMessage();
        }
    }

    private static String etcdPlace(String key) {
        return "etcd key " + key;
    }

    private static long parseVersion(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public List<StoredSpec> history(String id) {
        GetResponse r = calls.await("history of " + id, kv.get(bytes(historyDir(id)), GetOption.builder()
                .isPrefix(true).withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.DESCEND).build()));
        List<StoredSpec> specs = new ArrayList<>();
        String dir = historyDir(id);
        for (KeyValue kvp : r.getKvs()) {
            long version = parseVersion(kvp.getKey().toString(StandardCharsets.UTF_8).substring(dir.length()));
            try {
                specs.add(VersionFiles.decode(kvp.getValue().getBytes(), id, version));
            } catch (VersionFiles.DamagedFileException | java.io.IOException e) {
                // a damaged old version cannot be rolled back to; damage() reports it
            }
        }
        return specs;
    }

    @Override
    public StoredSpec commit(GroupSpec spec, long expectedVersion) {
        if (spec == null || spec.id() == null || spec.id().isBlank()) {
            throw new PluginException("group spec field 'ID' = '" + (spec == null ? null : spec.id())
                    + "' is not valid: give the group a non-empty ID");
        }
        if (expectedVersion < ANY_VERSION) {
            throw new PluginException("expected version " + expectedVersion + " is not valid: use a stored version, "
                    + NO_VERSION + " for a new group, or " + ANY_VERSION + " for any");
        }
        // Over a damaged current value only a commit that names its version (a restore the user asked for) may go.
        GetResponse now = calls.await("get spec " + spec.id(), kv.get(bytes(currentKey(spec.id()))));
        if (!now.getKvs().isEmpty()) {
            Read read = readCurrent(now.getKvs().get(0));
            if (read.damage() != null && expectedVersion != read.damage().version()) {
                throw new DamagedGroupException(read.damage());
            }
        }
        if (expectedVersion != ANY_VERSION) {
            return compareAndSwap(spec, expectedVersion);
        }
        SpecConflictException last = null;
        for (int attempt = 0; attempt < ANY_VERSION_ATTEMPTS; attempt++) {
            long current = currentVersion(spec.id());
            try {
                return compareAndSwap(spec, current);
            } catch (SpecConflictException e) {
                last = e; // someone committed between our read and our write: read again
            }
        }
        throw last;
    }

    private StoredSpec compareAndSwap(GroupSpec spec, long expected) {
        String id = spec.id();
        long next = expected + 1;
        Instant now = Instant.now();
        ByteSequence value = encode(new StoredSpec(spec, next, now));
        ByteSequence current = bytes(currentKey(id));
        List<Op> then = new ArrayList<>();
        then.add(Op.put(current, value, PutOption.DEFAULT));
        then.add(Op.put(bytes(historyKey(id, next)), value, PutOption.DEFAULT));
        if (next - historyLimit > 0) {
            then.add(Op.delete(bytes(historyKey(id, next - historyLimit)), DeleteOption.DEFAULT));
        }
        TxnResponse r = calls.await("commit " + id, kv.txn()
                .If(new Cmp(current, Cmp.Op.EQUAL, CmpTarget.version(expected)))
                .Then(then.toArray(Op[]::new))
                .Else(Op.get(current, GetOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) {
            long actual = r.getGetResponses().stream().flatMap(g -> g.getKvs().stream())
                    .mapToLong(KeyValue::getVersion).findFirst().orElse(NO_VERSION);
            throw new SpecConflictException(id, expected, actual);
        }
        log.info("committed group={} version={} store=etcd", id, next);
        return new StoredSpec(spec, next, now);
    }

    private long currentVersion(String id) {
        GetResponse r = calls.await("get spec " + id, kv.get(bytes(currentKey(id)), GetOption.builder().withKeysOnly(true).build()));
        return r.getKvs().stream().mapToLong(KeyValue::getVersion).findFirst().orElse(NO_VERSION);
    }

    @Override
    public boolean remove(String id) {
        TxnResponse r = calls.await("remove " + id, kv.txn()
                .Then(Op.delete(bytes(currentKey(id)), DeleteOption.DEFAULT),
                        Op.delete(bytes(historyDir(id)), DeleteOption.builder().isPrefix(true).build()))
                .commit());
        boolean existed = !r.getDeleteResponses().isEmpty() && r.getDeleteResponses().get(0).getDeleted() > 0;
        if (existed) {
            log.info("removed group={} store=etcd", id);
        }
        return existed;
    }

    /** The file store's bytes (checksum included), so a damaged value is found out the same way. */
    private static ByteSequence encode(StoredSpec stored) {
        try {
            return ByteSequence.from(VersionFiles.encode(stored));
        } catch (java.io.IOException ex) {
            throw new PluginException("cannot encode group '" + stored.spec().id() + "': " + ex.getMessage(), ex);
        }
    }

    private String currentKey(String id) {
        return currentPrefix + encodeId(id);
    }

    private String historyDir(String id) {
        return historyPrefix + encodeId(id) + "/";
    }

    private String historyKey(String id, long version) {
        return historyDir(id) + String.format("%020d", version);
    }

    private static String encodeId(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
