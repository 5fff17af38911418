package io.infrakit.rpc.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON-RPC request body into one answer body for the objects of one socket. Knows nothing
 * of HTTP (so it is tested without sockets) and never throws: every failure becomes a JSON-RPC error.
 * The JSON-RPC 2.0 framing (parsing, request checks, answer encoding) is {@link JsonRpcEnvelope}'s;
 * this class routes a decoded request to the handshake or to a served object's method.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Handshake methods every socket answers. */
    public static final String HELLO = "Handshake.Hello";
    public static final String IMPLEMENTS = "Handshake.Implements";

    /** The name Hello gives the socket's default object (InfraKit's {@code ServeSingle}). */
    public static final String SINGLE_OBJECT_NAME = ".";

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

    private record Binding(RpcInterface<?> iface, RpcMethod<?, ?> method) {
    }

    private final String socketName;
    private final Map<String, Object> objects;
    private final List<RpcInterface<?>> served;
    private final Map<String, List<Binding>> methods = new LinkedHashMap<>();
    private final ObjectMapper mapper = WireJson.mapper();
    private final JsonRpcEnvelope envelope;
    private volatile CallObserver observer = CallObserver.NONE;

    /**
     * @param socketName for messages and logs
     * @param objects    served objects by name ({@link RunningPlugin#DEFAULT_OBJECT} = default)
     * @param interfaces the bindings known; only those some object implements are served
     */
    public Dispatcher(String socketName, Map<String, Object> objects, RpcInterfaces interfaces) {
        this.socketName = socketName;
        this.envelope = new JsonRpcEnvelope(socketName, mapper);
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

    /** Tells {@code observer} about every call served from now on (metrics). */
    public void observeCalls(CallObserver observer) {
        this.observer = observer == null ? CallObserver.NONE : observer;
    }

    /** The object of this socket whose events (InfraKit's Event/0.1.0) stream on /events, if any. */
    public java.util.Optional<io.infrakit.spi.event.EventHistory> eventHistory() {
        return objects.values().stream().filter(o -> o instanceof io.infrakit.spi.event.EventHistory)
                .map(o -> (io.infrakit.spi.event.EventHistory) o).findFirst();
    }

    /** The interfaces at least one object serves. */
    public List<RpcInterface<?>> served() {
        return served;
    }

    /**
     * {@link #hello()} in maps, as the socket sends it: the same bytes (the wire mapper sorts map entries by key, and
     * "Name" comes before "ProxyFor" as {@link ObjectRef} orders them), without Jackson reading the records'
     * annotations on the first call a cold daemon answers, which made the JDK generate their proxy classes.
     */
    private Map<String, Object> helloOnTheWire() {
        Map<String, Object> byInterface = new LinkedHashMap<>();
        hello().objects().forEach((iface, refs) -> {
            List<Map<String, String>> named = new ArrayList<>(refs.size());
            for (ObjectRef r : refs) {
                Map<String, String> ref = new LinkedHashMap<>();
                ref.put("Name", r.name());
                ref.put("ProxyFor", r.proxyFor());
                named.add(ref);
            }
            byInterface.put(iface, named);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Objects", byInterface);
        return result;
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
        return envelope.handle(body, this::route);
    }

    /** An error answer (also used by the HTTP layer for oversized bodies). */
    public byte[] error(JsonNode id, int code, String message) {
        return envelope.error(id, code, message);
    }

    /** The handshake methods, or a call on one of the served objects. */
    private Object route(String method, ObjectNode params) throws Refusal {
        return switch (method) {
            case HELLO -> helloOnTheWire();
            case IMPLEMENTS -> new Implements(served.stream().map(RpcInterface::spec).toList());
            default -> call(method, params);
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
        long started = System.nanoTime();
        String outcome = CallObserver.INVALID;
        try {
            Object decoded = decode(method, binding.method(), params);
            Object target = target(method, binding.iface(), params);
            outcome = CallObserver.ERROR;
            Object result = invoke(method, binding, target, decoded);
            outcome = CallObserver.OK;
            return result;
        } finally {
            observer.called(socketName, method, outcome, System.nanoTime() - started);
        }
    }

    private Object invoke(String method, Binding binding, Object target, Object decoded) throws Refusal {
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
}
