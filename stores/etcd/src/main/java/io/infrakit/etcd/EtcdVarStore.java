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
import io.infrakit.spi.PluginException;
import io.infrakit.spi.metadata.UpdatableMetadata;
import io.infrakit.spi.metadata.VarConflictException;
import io.infrakit.spi.metadata.VarPaths;
import io.infrakit.spi.metadata.VarValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key/value store in etcd: key {@code PREFIX vars/PATH} holds the value as UTF-8 text, and
 * etcd's own per-key version is the value's version. A write is one transaction comparing that
 * version, so two managers (or a manager and a CLI) never overwrite each other unseen; values
 * live as long as the etcd cluster does, whichever manager leads.
 */
public final class EtcdVarStore implements UpdatableMetadata {
    private static final int ANY_VERSION_ATTEMPTS = 20;

    private final KV kv;
    private final EtcdCalls calls;
    private final String prefix;

    EtcdVarStore(KV kv, EtcdCalls calls, String prefix) {
        this.kv = kv;
        this.calls = calls;
        this.prefix = prefix + "vars/";
    }

    @Override
    public List<String> keys(String path) {
        List<String> base = VarPaths.segments(path);
        String dir = prefix + (base.isEmpty() ? "" : String.join("/", base) + "/");
        GetResponse r = calls.await("list keys under " + (base.isEmpty() ? "/" : String.join("/", base)),
                kv.get(bytes(dir), GetOption.builder().isPrefix(true).withKeysOnly(true).build()));
        List<String> keys = new ArrayList<>();
        for (KeyValue k : r.getKvs()) {
            keys.add(k.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length()));
        }
        return VarPaths.children(path, keys);
    }

    @Override
    public Optional<VarValue> get(String path) {
        String key = VarPaths.key(path);
        GetResponse r = calls.await("get key " + key, kv.get(bytes(prefix + key)));
        return r.getKvs().stream().findFirst()
                .map(k -> new VarValue(k.getValue().toString(StandardCharsets.UTF_8), k.getVersion()));
    }

    @Override
    public long put(String path, String value, long expectedVersion) {
        String key = VarPaths.key(path);
        if (value == null) {
            throw new PluginException("key '" + key + "': the value is missing; give a string (may be empty)");
        }
        if (expectedVersion < ANY_VERSION) {
            throw new PluginException("key '" + key + "': expected version " + expectedVersion
                    + " is not valid: give a version read before, 0 for a new key, or -1 for any");
        }
        if (expectedVersion != ANY_VERSION) {
            return swap(key, value, expectedVersion);
        }
        VarConflictException last = null;
        for (int attempt = 0; attempt < ANY_VERSION_ATTEMPTS; attempt++) {
            long current = get(key).map(VarValue::version).orElse(NO_VERSION);
            try {
                return swap(key, value, current);
            } catch (VarConflictException e) {
                last = e; // another writer came in between our read and our write
            }
        }
        throw last;
    }

    private long swap(String key, String value, long expected) {
        ByteSequence k = bytes(prefix + key);
        TxnResponse r = calls.await("put key " + key, kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(expected)))
                .Then(Op.put(k, bytes(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) {
            long actual = r.getGetResponses().stream().flatMap(g -> g.getKvs().stream())
                    .mapToLong(KeyValue::getVersion).findFirst().orElse(NO_VERSION);
            throw new VarConflictException(key, expected, actual);
        }
        return expected + 1;
    }

    @Override
    public boolean remove(String path) {
        String key = VarPaths.key(path);
        return calls.await("remove key " + key, kv.delete(bytes(prefix + key), DeleteOption.DEFAULT)).getDeleted() > 0;
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
