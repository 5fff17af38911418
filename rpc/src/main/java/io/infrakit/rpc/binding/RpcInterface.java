package io.infrakit.rpc.binding;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;

import java.util.List;

/**
 * Binds one Java interface ({@link #type()}) to a JSON-RPC interface ({@link #spec()}, e.g.
 * {@code Instance/0.6.1}): the server side (methods that decode params and call an object) and the
 * client side (a proxy implementing the Java interface). Modules add interfaces (the manager's
 * Controller, a provider's extension methods) by writing one of these and adding it to
 * {@link RpcInterfaces}, or listing it in {@code META-INF/services/io.infrakit.rpc.binding.RpcInterface}
 * for daemons that use {@link RpcInterfaces#discover()}.
 */
public interface RpcInterface<T> {

    /** Name and version advertised in Handshake.Hello and /info/api.json. */
    InterfaceSpec spec();

    /** The Java interface an object must implement to be served through this binding. */
    Class<T> type();

    /** The methods, with full JSON-RPC names ({@code Instance.Provision}). */
    List<RpcMethod<T, ?>> methods();

    /**
     * Which object of a socket a request is for. InfraKit's typed interfaces carry it in
     * {@code "Type"}; Group-like interfaces carry the plugin name in {@code "Name"} instead
     * (see {@link #objectFromName(JsonNode)}).
     */
    default String objectName(JsonNode params) {
        JsonNode type = params.get("Type");
        return type != null && type.isTextual() ? type.asText() : "";
    }

    /**
     * When true, a request whose object is not served goes to the socket's default object
     * (InfraKit routes {@code group/workers} to the group plugin, {@code workers} being a group ID).
     */
    default boolean fallsBackToDefault() {
        return false;
    }

    /** A proxy implementing {@link #type()} that calls object {@code name.type()} through {@code rpc}. */
    T client(RpcClient rpc, PluginName name);

    /** Helper for Name-routed interfaces: the part of {@code "Name"} after the first slash. */
    static String objectFromName(JsonNode params) {
        JsonNode name = params.get("Name");
        if (name == null || !name.isTextual()) {
            return "";
        }
        String text = name.asText();
        int slash = text.indexOf('/');
        return slash < 0 ? "" : text.substring(slash + 1);
    }
}
