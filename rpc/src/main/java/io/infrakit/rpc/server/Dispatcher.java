package io.infrakit.rpc.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.rpc.RpcErrors;
import io.infrakit.rpc.WireJson;
import io.infrakit.rpc.binding.InvalidParamsException;
import io.infrakit.rpc.binding.RpcInterface;
import io.infrakit.rpc.binding.RpcInterfaces;
import io.infrakit.rpc.binding.RpcMethod;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.plugin.RunningPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON-RPC request body into one answer body for the objects of one socket. Knows nothing
 * of HTTP (so it is tested without sockets) and never throws: every failure becomes a JSON-RPC error.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Handshake methods every socket answers. */
    public static final String HELLO = "Handshake.Hello";
    public static final String IMPLEMENTS = "Handshake.Implements";

    /** The name Hello gives the socket's default object (InfraKit's {@code ServeSingle}). */
    public static final String SINGLE_OBJECT_NAME = ".";

    @JsonPropertyOrder({"jsonrpc", "result", "id"})
    record Success(@JsonProperty("jsonrpc") String jsonrpc, @JsonProperty("result") Object result, @JsonProperty("id") JsonNode id) {
    }

    @JsonPropertyOrder({"jsonrpc", "error", "id"})
    record Failure(@JsonProperty("jsonrpc") String jsonrpc, @JsonProperty("error") Error error, @JsonProperty("id") JsonNode id) {
    }

    @JsonPropertyOrder({"code", "message", "data"})
    record Error(@JsonProperty("code") int code, @JsonProperty("message") String message,
                 @JsonProperty("data") @JsonInclude(JsonInclude.Include.ALWAYS) Object data) {
    }

    /** One served object in the handshake; InfraKit lists the default object as {@code "."}. */
    @JsonPropertyOrder({"Name", "ProxyFor"})
    public record ObjectRef(@JsonProperty("Name") String name, @JsonProperty("ProxyFor") String proxyFor) {
    }

    /** The result of Handshake.Hello: objects grouped by {@code Name/Version}. */
    public record Hello(@JsonProperty("Objects") Map<String, List<ObjectRef>> objects) {
    }

    /** The result of Handshake.Implements. */
    public record Implements(@JsonProperty("APIs") List<InterfaceSpec> apis) {
    }

    /** An error to answer; thrown inside the dispatcher only. */
    private static final class Refusal extends Exception {
        final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private record Binding(RpcInterface<?> iface, RpcMethod<?, ?> method) {
    }

    private final String socketName;
    private final Map<String, Object> objects;
    private final List<RpcInterface<?>> served;
    private final Map<String, List<Binding>> methods = new LinkedHashMap<>();
    private final ObjectMapper mapper = WireJson.mapper();
    private final ObjectReader treeReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * @param socketName for messages and logs
     * @param objects    served objects by name ({@link RunningPlugin#DEFAULT_OBJECT} = default)
     * @param interfaces the bindings known; only those some object implements are served
     */
    public Dispatcher(String socketName, Map<String, Object> objects, RpcInterfaces interfaces) {
        this.socketName = socketName;
        this.objects = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(objects));
        List<RpcInterface<?>> s = new ArrayList<>();
        for (RpcInterface<?> iface : interfaces.all()) {
            if (objects.values().stream().anyMatch(o -> iface.type().isInstance(o))) {
                s.add(iface);
            }
        }
        this.served = List.copyOf(s);
        for (RpcInterface<?> iface : interfaces.all()) {
            for (RpcMethod<?, ?> m : iface.methods()) {
                methods.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(new Binding(iface, m));
            }
        }
    }

    public Dispatcher(RunningPlugin plugin, RpcInterfaces interfaces) {
        this(plugin.socketName(), plugin.objects(), interfaces);
    }

    public String socketName() {
        return socketName;
    }

    /** The interfaces at least one object serves. */
    public List<RpcInterface<?>> served() {
        return served;
    }

    /** Handshake.Hello's result. */
    public Hello hello() {
        Map<String, List<ObjectRef>> byInterface = new LinkedHashMap<>();
        for (RpcInterface<?> iface : served) {
            List<ObjectRef> refs = new ArrayList<>();
            objects.forEach((name, object) -> {
                if (iface.type().isInstance(object)) {
                    refs.add(new ObjectRef(name.isEmpty() ? SINGLE_OBJECT_NAME : name, ""));
                }
            });
            byInterface.put(iface.spec().toString(), refs);
        }
        return new Hello(byInterface);
    }

    /** The document of {@code GET /info/api.json}. */
    public ApiInfo apiInfo() {
        return ApiInfo.of(served);
    }

    /** What {@link #handle} returns for a notification: no bytes at all. */
    public static final byte[] NO_ANSWER = new byte[0];

    /**
     * Answers one request body. Never throws. A notification (a request object without an
     * {@code "id"} member) is carried out but answered with {@link #NO_ANSWER}, as JSON-RPC 2.0
     * requires ("the Server MUST NOT reply to a Notification"), even when it fails; InfraKit's
     * server (gorilla/rpc json2) does the same with an empty HTTP 200. A body that is not a valid
     * request object still gets its error with {@code "id": null}: nobody can tell it was meant
     * as a notification.
     */
    public byte[] handle(byte[] body) {
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
            Object result = dispatch(request);
            return notification ? NO_ANSWER : mapper.writeValueAsBytes(new Success("2.0", result, id));
        } catch (Refusal r) {
            if (notification && r.code != RpcErrors.PARSE_ERROR && r.code != RpcErrors.INVALID_REQUEST) {
                LOG.debug("socket {}: notification failed (no answer is sent): {}", socketName, r.getMessage());
                return NO_ANSWER;
            }
            return error(id, r.code, r.getMessage());
        } catch (JsonProcessingException e) {
            LOG.warn("socket {}: cannot encode an answer: {}", socketName, e.toString());
            return error(id, RpcErrors.PLUGIN_ERROR, "the plugin's answer cannot be encoded as JSON: " + e.getOriginalMessage());
        }
    }

    /** An error answer (also used by the HTTP layer for oversized bodies). */
    public byte[] error(JsonNode id, int code, String message) {
        try {
            return mapper.writeValueAsBytes(new Failure("2.0", new Error(code, message, null), id == null ? NullNode.getInstance() : id));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an error answer", e);
        }
    }

    private JsonNode parse(byte[] body) throws Refusal {
        if (body.length == 0) {
            throw new Refusal(RpcErrors.PARSE_ERROR, "Parse error: the request body is empty; send one JSON-RPC 2.0 request object");
        }
        try {
            JsonNode node = treeReader.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new Refusal(RpcErrors.PARSE_ERROR, "Parse error: the request body holds no JSON value");
            }
            return node;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new Refusal(RpcErrors.PARSE_ERROR, "Parse error: the request body is not valid JSON (" + detail + ")");
        }
    }

    private Object dispatch(JsonNode request) throws Refusal {
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
        return switch (method) {
            case HELLO -> hello();
            case IMPLEMENTS -> new Implements(served.stream().map(RpcInterface::spec).toList());
            default -> call(method, (ObjectNode) params);
        };
    }

    private Object call(String method, ObjectNode params) throws Refusal {
        List<Binding> candidates = methods.get(method);
        if (candidates == null) {
            throw new Refusal(RpcErrors.METHOD_NOT_FOUND, "Method not found: \"" + method + "\"; socket " + socketName
                    + " serves " + describeServed());
        }
        Binding binding = null;
        for (Binding b : candidates) {
            if (served.contains(b.iface())) {
                binding = b;
                break;
            }
        }
        if (binding == null) {
            throw new Refusal(RpcErrors.METHOD_NOT_FOUND, "Method not found: \"" + method + "\" belongs to "
                    + candidates.getFirst().iface().spec() + ", which socket " + socketName + " does not serve; it serves " + describeServed());
        }
        Object decoded = decode(method, binding.method(), params);
        Object target = target(method, binding.iface(), params);
        try {
            Object result = binding.method().invoke(target, decoded);
            LOG.debug("socket {}: {} ok", socketName, method);
            return result;
        } catch (InvalidParamsException e) {
            throw new Refusal(RpcErrors.INVALID_PARAMS, "Invalid params for " + method + ": " + e.getMessage());
        } catch (PluginException e) {
            LOG.debug("socket {}: {} failed: {}", socketName, method, e.getMessage());
            throw new Refusal(RpcErrors.PLUGIN_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (Exception e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            LOG.warn("socket {}: {} failed unexpectedly", socketName, method, cause);
            throw new Refusal(RpcErrors.PLUGIN_ERROR, "plugin " + socketName + " failed " + method + ": " + cause);
        }
    }

    private Object decode(String method, RpcMethod<?, ?> m, ObjectNode params) throws Refusal {
        try {
            return mapper.treeToValue(params, m.paramsType());
        } catch (JsonMappingException e) {
            throw new Refusal(RpcErrors.INVALID_PARAMS, "Invalid params for " + method + ": " + ParamsError.describe(e, params));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Refusal(RpcErrors.INVALID_PARAMS, "Invalid params for " + method + ": " + e.getMessage());
        }
    }

    private Object target(String method, RpcInterface<?> iface, JsonNode params) throws Refusal {
        String requested = iface.objectName(params);
        String name = requested;
        if (SINGLE_OBJECT_NAME.equals(name)) {
            // Hello lists the default object as ".", and a client copying that name sends "Type":"."
            // (InfraKit's keyed.go resolves it to the single object): the same as "".
            name = RunningPlugin.DEFAULT_OBJECT;
        }
        Object object = objects.get(name);
        if (object != null && iface.type().isInstance(object)) {
            return object;
        }
        Object fallback = objects.get(RunningPlugin.DEFAULT_OBJECT);
        if (iface.fallsBackToDefault() && fallback != null && iface.type().isInstance(fallback)) {
            return fallback;
        }
        List<String> known = namesServing(iface);
        if (name.isEmpty() && known.size() == 1) {
            // One object only: an empty Type can mean nothing else.
            return objects.get(known.getFirst());
        }
        throw new Refusal(RpcErrors.PLUGIN_ERROR, "no-plugin:" + requested + " (socket " + socketName + " serves " + iface.spec()
                + " objects " + known.stream().map(n -> n.isEmpty() ? "\"\" (default)" : n).toList()
                + "; set \"Type\" to one of them)");
    }

    private List<String> namesServing(RpcInterface<?> iface) {
        List<String> names = new ArrayList<>();
        objects.forEach((n, o) -> {
            if (iface.type().isInstance(o)) {
                names.add(n);
            }
        });
        return names;
    }

    private String describeServed() {
        if (served.isEmpty()) {
            return "only Handshake.Hello";
        }
        List<String> parts = new ArrayList<>();
        for (RpcInterface<?> iface : served) {
            parts.add(iface.spec() + " " + iface.methods().stream().map(RpcMethod::name).toList());
        }
        return String.join(", ", parts) + " and Handshake.Hello";
    }

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

    /** Builds "field X must be Y, got Z" from a Jackson mapping error. */
    static final class ParamsError {
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
            String got = at == null ? "" : ", got " + kind(at);
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
}
