package io.infrakit.rpc.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.rpc.RpcErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The JSON-RPC 2.0 framing of one socket: reads a request body into a method and its params,
 * refusing what is not a valid request object, and writes the success or error answer around what
 * the {@link Router} returns. Knows nothing of the objects served: {@link Dispatcher} does the routing.
 */
final class JsonRpcEnvelope {

    // Logged under Dispatcher, the class users know from the logs (the split is internal).
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Carries out one decoded request; a {@link Refusal} becomes the error answer. */
    @FunctionalInterface
    interface Router {
        Object route(String method, ObjectNode params) throws Refusal;
    }

    private final String socketName;
    private final ObjectMapper mapper;
    private final ObjectReader treeReader;
    /**
     * Parses request bodies without canonicalizing (or interning) field names: a caller sending ever new keys would
     * otherwise fill the factory's process-wide symbol table, which keeps up to thousands of names for good (issue 13's
     * fuzz: a few MiB of heap that stayed, and a larger heap sized around them). A few keys per request gain nothing from it.
     */
    private static final com.fasterxml.jackson.core.JsonFactory BODIES = com.fasterxml.jackson.core.JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    JsonRpcEnvelope(String socketName, ObjectMapper mapper) {
        this.socketName = socketName;
        this.mapper = mapper;
        this.treeReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** See {@link Dispatcher#handle}: never throws; a notification gets {@link Dispatcher#NO_ANSWER}. */
    byte[] handle(byte[] body, Router router) {
        JsonNode id = NullNode.getInstance();
        boolean notification = false;
        try {
            JsonNode request = parse(body);
            if (request.isObject()) {
                JsonNode candidate = request.get("id");
                notification = candidate == null;
                if (candidate != null && (candidate.isTextual() || candidate.isNumber() || candidate.isNull())) {
                    id = candidate;
                }
            }
            Object result = dispatch(request, router);
            return notification ? Dispatcher.NO_ANSWER : success(result, id);
        } catch (Refusal r) {
            if (notification && r.code != RpcErrors.PARSE_ERROR && r.code != RpcErrors.INVALID_REQUEST) {
                LOG.debug("socket {}: notification failed (no answer is sent): {}", socketName, r.getMessage());
                return Dispatcher.NO_ANSWER;
            }
            return error(id, r.code, r.getMessage());
        } catch (JsonProcessingException e) {
            LOG.warn("socket {}: cannot encode an answer: {}", socketName, e.toString());
            return error(id, RpcErrors.PLUGIN_ERROR, "the plugin's answer cannot be encoded as JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * {@code {"jsonrpc":"2.0","result":...,"id":...}}. The envelope is written by hand and only the result goes
     * through the mapper: Jackson's bean serializer for an envelope record read its annotations, which the JDK
     * answers by generating a proxy class per annotation type, and a cold daemon did that on the first call it
     * answered (docs/performance.md, "Start, fourth pass"). The bytes are those the record gave
     * ({@code JsonRpcEnvelopeBytesTest}).
     */
    private byte[] success(Object result, JsonNode id) throws JsonProcessingException {
        try {
            return envelope("result", g -> mapper.writeValue(g, result), id);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to memory", e);
        }
    }

    /** An error answer: {@code {"jsonrpc":"2.0","error":{"code":..,"message":..,"data":null},"id":...}}. */
    byte[] error(JsonNode id, int code, String message) {
        try {
            return envelope("error", g -> {
                g.writeStartObject();
                g.writeNumberField("code", code);
                g.writeStringField("message", message);
                g.writeNullField("data");
                g.writeEndObject();
            }, id == null ? NullNode.getInstance() : id);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an error answer", e);
        }
    }

    /** Writes the value of an envelope's {@code result} or {@code error} member. */
    private interface Member {
        void write(JsonGenerator g) throws IOException;
    }

    /** {@code {"jsonrpc":"2.0","NAME":...,"id":...}}, in memory. */
    private byte[] envelope(String name, Member member, JsonNode id) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeFieldName(name);
            member.write(g);
            g.writeFieldName("id");
            mapper.writeTree(g, id);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private JsonNode parse(byte[] body) throws Refusal {
        if (body.length == 0) {
            throw new Refusal(RpcErrors.PARSE_ERROR, "Parse error: the request body is empty; send one JSON-RPC 2.0 request object");
        }
        try {
            JsonNode node;
            try (com.fasterxml.jackson.core.JsonParser parser = BODIES.createParser(body)) {
                node = treeReader.readTree(parser);
            }
            if (node == null || node.isMissingNode()) {
                throw new Refusal(RpcErrors.PARSE_ERROR, "Parse error: the request body holds no JSON value");
            }
            return node;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new Refusal(RpcErrors.PARSE_ERROR, "Parse error: the request body is not valid JSON (" + detail + ")");
        }
    }

    private Object dispatch(JsonNode request, Router router) throws Refusal {
        if (request.isArray()) {
            throw new Refusal(RpcErrors.INVALID_REQUEST, "Invalid Request: batch requests are not supported; send one request object per call");
        }
        if (!request.isObject()) {
            throw new Refusal(RpcErrors.INVALID_REQUEST, "Invalid Request: expected a JSON-RPC 2.0 request object {\"jsonrpc\":\"2.0\",\"method\":...,\"params\":{...},\"id\":1}, got " + kind(request));
        }
        JsonNode version = request.get("jsonrpc");
        if (version == null || !"2.0".equals(version.asText(null)) || !version.isTextual()) {
            throw new Refusal(RpcErrors.INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\", got " + (version == null ? "nothing" : version.toString()));
        }
        JsonNode idNode = request.get("id");
        if (idNode != null && !(idNode.isTextual() || idNode.isNumber() || idNode.isNull())) {
            throw new Refusal(RpcErrors.INVALID_REQUEST, "Invalid Request: \"id\" must be a string or a number, got " + kind(idNode));
        }
        JsonNode methodNode = request.get("method");
        if (methodNode == null || !methodNode.isTextual() || methodNode.asText().isEmpty()) {
            throw new Refusal(RpcErrors.INVALID_REQUEST, "Invalid Request: \"method\" must be a non-empty string such as \"Handshake.Hello\", got "
                    + (methodNode == null ? "nothing" : methodNode.toString()));
        }
        String method = methodNode.asText();
        JsonNode params = request.get("params");
        if (params == null || params.isNull()) {
            params = JsonNodeFactory.instance.objectNode();
        } else if (!params.isObject()) {
            throw new Refusal(RpcErrors.INVALID_PARAMS, "Invalid params for " + method + ": \"params\" must be an object, got " + kind(params));
        }
        return router.route(method, (ObjectNode) params);
    }

    /** A JSON value in the words of an error message: "an array", "a string (\"x\")", ... */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string (" + abbreviate(node.toString()) + ")";
            case NUMBER -> "a number (" + node + ")";
            case BOOLEAN -> node.asBoolean() ? "true" : "false";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
