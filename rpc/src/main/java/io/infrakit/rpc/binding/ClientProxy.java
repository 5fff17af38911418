package io.infrakit.rpc.binding;

import io.infrakit.rpc.client.RpcClient;
import java.util.List;

/**
 * What the {@code Client} of every binding shares: the connection its calls go through and the
 * addressee each request names (the object {@code Type} of a plugin, or the whole plugin
 * {@code Name} for name-routed interfaces). The subclasses only map methods to calls.
 */
abstract class ClientProxy {

    /** The connection to the plugin. */
    protected final RpcClient rpc;
    /** What every request carries to say which object of the plugin it is for. */
    protected final String addressee;

    ClientProxy(RpcClient rpc, String addressee) {
        this.rpc = rpc;
        this.addressee = addressee;
    }

    /** The object type of a typed plugin; none (the plugin's default object) is the empty string, as Go sends it. */
    static String typeOrDefault(String type) {
        return type == null ? "" : type;
    }

    /** A list from a reply, where a Go plugin sends null for none. */
    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** E.g. {@code InstanceRpc.Client[docker at /run/infrakit/plugins/docker]}: which binding, which plugin, where. */
    @Override
    public String toString() {
        return getClass().getEnclosingClass().getSimpleName() + ".Client[" + rpc.pluginName() + " at " + rpc.describe() + "]";
    }
}
