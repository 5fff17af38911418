package io.infrakit.rpc.binding;

import io.infrakit.spi.PluginException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;

/** An immutable set of {@link RpcInterface} bindings: what a server can serve and a client can call. */
public final class RpcInterfaces {

    private final List<RpcInterface<?>> interfaces;

    private RpcInterfaces(List<RpcInterface<?>> interfaces) {
        this.interfaces = List.copyOf(interfaces);
    }

    /** Instance/0.6.1, Flavor/0.1.1, Group/0.1.1 and L4/0.6.1. */
    public static RpcInterfaces standard() {
        return new RpcInterfaces(List.of(new InstanceRpc(), new FlavorRpc(), new GroupRpc(), new L4Rpc()));
    }

    /**
     * The standard ones plus every binding listed in {@code META-INF/services/io.infrakit.rpc.binding.RpcInterface}.
     * Scans the class path: for daemons, not for short client commands.
     */
    public static RpcInterfaces discover() {
        RpcInterfaces result = standard();
        for (RpcInterface<?> extra : ServiceLoader.load(RpcInterface.class)) {
            result = result.with(extra);
        }
        return result;
    }

    /** A copy with more bindings (one with the same spec and Java type replaces the old one). */
    public RpcInterfaces with(RpcInterface<?>... more) {
        List<RpcInterface<?>> list = new ArrayList<>(interfaces);
        for (RpcInterface<?> extra : more) {
            list.removeIf(i -> i.spec().equals(extra.spec()) && i.type().equals(extra.type()));
            list.add(extra);
        }
        return new RpcInterfaces(list);
    }

    public List<RpcInterface<?>> all() {
        return Collections.unmodifiableList(interfaces);
    }

    /** The bindings {@code object} implements, in registration order. */
    public List<RpcInterface<?>> servedBy(Object object) {
        return interfaces.stream().filter(i -> i.type().isInstance(object)).toList();
    }

    /** The binding for a Java interface, for building client proxies. */
    @SuppressWarnings("unchecked")
    public <T> RpcInterface<T> forType(Class<T> type) {
        for (RpcInterface<?> i : interfaces) {
            if (i.type().equals(type)) {
                return (RpcInterface<T>) i;
            }
        }
        throw new PluginException("no RPC binding for " + type.getName() + "; known: "
                + interfaces.stream().map(i -> i.type().getSimpleName()).toList());
    }
}
