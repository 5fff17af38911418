package io.infrakit.core.manager;

import io.infrakit.rpc.binding.GroupRpc;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.remote.RemoteHttpClient;
import io.infrakit.rpc.remote.RemoteTarget;
import io.infrakit.rpc.remote.TlsChannel;
import io.infrakit.spi.group.GroupPlugin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Followers reach a leader on another host through its TCP+TLS listener ({@code advertise=tcp://...}),
 * with this process's credentials from the environment (INFRAKIT_TLS_CA, INFRAKIT_TOKEN or
 * INFRAKIT_TLS_CERT/KEY), as a CLI would. One HTTPS client per leader address.
 */
final class RemoteLeaders implements AutoCloseable {
    private final Map<String, RemoteHttpClient> clients = new ConcurrentHashMap<>();

    static boolean isRemote(String location) {
        return location.startsWith("tcp://") || location.startsWith("https://");
    }

    GroupPlugin connect(String location, String socketName) {
        RemoteHttpClient client = clients.computeIfAbsent(location,
                l -> new RemoteHttpClient(RemoteTarget.resolve(l, System.getenv())));
        return new GroupRpc.Client(new RpcClient(new TlsChannel(client, socketName), socketName, RpcClient.DEFAULT_TIMEOUT), socketName);
    }

    @Override
    public void close() {
        clients.values().forEach(RemoteHttpClient::close);
        clients.clear();
    }
}
