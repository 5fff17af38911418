package io.infrakit.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.infrakit.core.manager.store.Leadership;
import io.infrakit.core.manager.ManagerBackend;
import io.infrakit.core.manager.store.SpecStore;
import io.infrakit.spi.PluginException;
import io.netty.handler.ssl.SslContextBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The manager's etcd backend: one jetcd client shared by the spec store and the leadership.
 * Open it with {@link #open(EtcdConfig)} (or {@link #open(Map)} from configuration options);
 * closing it resigns leadership and closes the client.
 */
public final class EtcdBackend implements ManagerBackend.Opened {
    /** Name of this backend in the manager's configuration. */
    public static final String NAME = "etcd";

    private final EtcdConfig config;
    private final Client client;
    private final EtcdSpecStore store;
    private final EtcdLeadership leadership;
    private final EtcdVarStore vars;

    private EtcdBackend(EtcdConfig config, Client client) {
        this.config = config;
        this.client = client;
        EtcdCalls calls = new EtcdCalls(config.requestTimeout(), endpointList(config));
        this.store = new EtcdSpecStore(client.getKVClient(), calls, config.prefix(), config.historyLimit());
        this.vars = new EtcdVarStore(client.getKVClient(), calls, config.prefix());
        this.leadership = new EtcdLeadership(client.getElectionClient(), client.getLeaseClient(),
                client.getKVClient(), client.getWatchClient(), config.prefix() + "leader", config.leaseTtl(), config.requestTimeout());
    }

    public static EtcdBackend open(EtcdConfig config) {
        return new EtcdBackend(config, client(config));
    }

    /** From configuration options, see {@link EtcdConfig#fromOptions}. */
    public static EtcdBackend open(Map<String, String> options) {
        return open(EtcdConfig.fromOptions(options));
    }

    @Override
    public SpecStore specStore() {
        return store;
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    /** The raw key-value client, for tests that damage stored values on purpose. */
    io.etcd.jetcd.KV kv() {
        return client.getKVClient();
    }

    @Override
    public io.infrakit.spi.metadata.UpdatableMetadata vars() {
        return vars;
    }

    public EtcdConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            leadership.close();
        } finally {
            client.close();
        }
    }

    static Client client(EtcdConfig config) {
        ClientBuilder b = Client.builder()
                .endpoints(config.endpoints().toArray(java.net.URI[]::new))
                .connectTimeout(config.requestTimeout())
                // Fail calls fast when a member is gone instead of retrying for a long time; callers
                // have their own timeouts and the leadership has its own deadline.
                .retryMaxDuration(config.requestTimeout())
                .keepaliveTime(java.time.Duration.ofSeconds(2))
                .keepaliveTimeout(java.time.Duration.ofSeconds(2));
        if (config.user() != null) {
            b.user(ByteSequence.from(config.user(), StandardCharsets.UTF_8))
                    .password(ByteSequence.from(config.password(), StandardCharsets.UTF_8));
        }
        if (config.tls()) {
            try {
                SslContextBuilder ssl = io.grpc.netty.GrpcSslContexts.forClient();
                if (config.caFile() != null) {
                    ssl.trustManager(config.caFile().toFile());
                }
                if (config.certFile() != null) {
                    ssl.keyManager(config.certFile().toFile(), config.keyFile().toFile());
                }
                b.sslContext(ssl.build());
            } catch (Exception e) {
                throw new PluginException("etcd TLS files are not usable (ca=" + config.caFile() + ", cert="
                        + config.certFile() + ", key=" + config.keyFile() + "): " + e.getMessage()
                        + "; give PEM files, the key in PKCS#8 form", e);
            }
        }
        return b.build();
    }

    private static String endpointList(EtcdConfig config) {
        return config.endpoints().stream().map(Object::toString).collect(Collectors.joining(","));
    }
}
