package io.infrakit.rpc.server;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Builds "field X must be Y, got Z" from a Jackson mapping error. */
final class ParamsError {
    private ParamsError() {
    }

    static String describe(JsonMappingException e, JsonNode params) {
        StringBuilder path = new StringBuilder();
        JsonNode at = params;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
                at = at == null ? null : at.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
                at = at == null ? null : at.get(ref.getIndex());
            }
        }
        String field = path.isEmpty() ? "params" : "\"" + path + "\"";
        String got = at == null ? "" : ", got " + JsonRpcEnvelope.kind(at);
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            return "field " + field + " must be " + expected(mi.getTargetType()) + got;
        }
        Throwable cause = e.getCause();
        String why = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
        return "field " + field + ": " + why + got;
    }

    static String expected(Class<?> type) {
        if (Map.class.isAssignableFrom(type)) {
            return "an object of string values (e.g. {\"key\":\"value\"})";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        return "an object (" + type.getSimpleName() + ")";
    }
}
