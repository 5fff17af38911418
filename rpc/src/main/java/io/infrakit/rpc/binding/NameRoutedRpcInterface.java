package io.infrakit.rpc.binding;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A binding for InfraKit's Group-like interfaces (Group, Controller, our Manager): requests name
 * their object in {@code "Name"} ({@code group/workers}) instead of {@code "Type"}, and a name the
 * socket does not serve goes to its default object, as InfraKit routes them.
 */
public interface NameRoutedRpcInterface<T> extends RpcInterface<T> {

    @Override
    default String objectName(JsonNode params) {
        return RpcInterface.objectFromName(params);
    }

    @Override
    default boolean fallsBackToDefault() {
        return true;
    }
}
