package io.infrakit.cloudstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A FAKE Apache CloudStack management server for tests (no real one can be installed here): an
 * HTTP server on 127.0.0.1 that speaks the part of the API the plugin uses, as CloudStack's API
 * documentation defines it. It checks each request's signature with its own implementation of
 * the documented algorithm, answers {@code {"<command>response": {...}}}, runs deploy, destroy
 * and tag changes as async jobs that finish after a delay, filters listings by tags and pages
 * them, and refuses bad input with CloudStack's error codes (401 bad signature or key, 431 bad
 * parameter, 432 unknown command) and an {@code errortext}.
 */
final class FakeCloudStack implements AutoCloseable {

    static final String API_KEY = "fake-api-key-0123456789";
    static final String SECRET_KEY = "fake-secret-key-9876543210";
    static final String ZONE_ID = "1f6a1c8e-0000-4000-8000-00000000000a";
    static final String OFFERING_ID = "2b7c2d9f-0000-4000-8000-00000000000b";
    static final String TEMPLATE_ID = "3c8d3eaf-0000-4000-8000-00000000000c";
    static final String TEMPLATE_2_ID = "3c8d3eaf-0000-4000-8000-00000000000d";

    /** One request as the fake received it (after its signature was checked). */
    record Call(String method, String command, Map<String, String> params) {
    }

    /** A VM as the fake keeps it. */
    static final class Vm {
        final String id = UUID.randomUUID().toString();
        final Map<String, String> deployParams;
        final Map<String, String> tags = new LinkedHashMap<>();
        String state = "Starting";

        Vm(Map<String, String> deployParams) {
            this.deployParams = deployParams;
        }

        String userData() {
            return deployParams.get("userdata");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private final FakeJobs jobs = new FakeJobs(json, () -> this.jobDelay);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> zones = new ArrayList<>();
    private final List<ObjectNode> offerings = new ArrayList<>();
    private final List<ObjectNode> templates = new ArrayList<>();
    private volatile Duration jobDelay = Duration.ofMillis(60);
    private volatile String failNextDeploy;
    private final Map<String, Integer> httpFailures = new java.util.concurrent.ConcurrentHashMap<>();

    FakeCloudStack() throws IOException {
        zones.add(item(ZONE_ID, "zone-a"));
        offerings.add(item(OFFERING_ID, "Small Instance"));
        templates.add(item(TEMPLATE_ID, "debian-12").put("zoneid", ZONE_ID));
        templates.add(item(TEMPLATE_2_ID, "debian-13").put("zoneid", ZONE_ID));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/client/api", this::handle);
        server.start();
    }

    private ObjectNode item(String id, String name) {
        return json.createObjectNode().put("id", id).put("name", name);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/client/api");
    }

    Credentials credentials() {
        return new Credentials(API_KEY, SECRET_KEY, "test");
    }

    CloudStackOptions options() {
        return CloudStackOptions.of(endpoint(), credentials()).withPollInterval(Duration.ofMillis(20)).withJobTimeout(Duration.ofSeconds(10));
    }

    void jobDelay(Duration d) {
        jobDelay = d;
    }

    /** The next deployVirtualMachine job fails with this errortext (as CloudStack reports lack of capacity). */
    void failNextDeploy(String errorText) {
        failNextDeploy = errorText;
    }

    /**
     * The next {@code times} requests of {@code command} are answered HTTP 503 without being
     * carried out, as a proxy in front of a restarting management server does. They are still
     * recorded in {@link #calls()}.
     */
    void failHttp(String command, int times) {
        httpFailures.put(command, times);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long count(String command) {
        return calls.stream().filter(c -> c.command().equalsIgnoreCase(command)).count();
    }

    void clearCalls() {
        calls.clear();
    }

    /** VMs not destroyed. */
    List<Vm> live() {
        lock.lock();
        try {
            return vms.values().stream().filter(v -> !v.state.equals("Destroyed")).toList();
        } finally {
            lock.unlock();
        }
    }

    Vm vm(String id) {
        lock.lock();
        try {
            return vms.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** Someone destroys (and expunges) a VM from the CloudStack UI, behind the plugin's back. */
    void expungeBehindTheBack(String id) {
        lock.lock();
        try {
            vms.remove(id);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        String raw = ex.getRequestMethod().equals("POST")
                ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                : ex.getRequestURI().getRawQuery();
        Map<String, String> params = FakeApi.parse(raw == null ? "" : raw);
        String command = params.getOrDefault("command", "");
        int status = 200;
        ObjectNode body;
        try {
            FakeApi.checkSignature(params, API_KEY, SECRET_KEY);
            calls.add(new Call(ex.getRequestMethod(), command, params));
            if (httpFailures.computeIfPresent(command, (c, n) -> n - 1) instanceof Integer left && left >= 0) {
                byte[] text = "503 Service Unavailable".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(503, text.length);
                ex.getResponseBody().write(text);
                ex.close();
                return;
            }
            body = dispatch(command, params, ex.getRequestMethod());
        } catch (RuntimeException e) {
            if (!(e instanceof FakeApi.ApiError)) {
                // A bug of the fake must not leave the client waiting for an answer: report it as CloudStack's 530.
                e.printStackTrace();
            }
            status = e instanceof FakeApi.ApiError a ? a.code : 530;
            body = json.createObjectNode();
            body.putArray("uuidList");
            body.put("errorcode", status).put("cserrorcode", 9999).put("errortext", e.getMessage());
        }
        ObjectNode root = json.createObjectNode();
        root.set(command.toLowerCase(Locale.ROOT) + "response", body);
        byte[] out = json.writeValueAsBytes(root);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private ObjectNode dispatch(String command, Map<String, String> p, String method) {
        if (!"json".equals(p.get("response"))) {
            throw new FakeApi.ApiError(431, "this fake answers response=json only");
        }
        lock.lock();
        try {
            return switch (command) {
                case "listZones" -> list("zone", zones, byIdOrName(p), p);
                case "listServiceOfferings" -> list("serviceoffering", offerings, byIdOrName(p), p);
                case "listTemplates" -> {
                    if (!p.containsKey("templatefilter")) {
                        throw new FakeApi.ApiError(431, "Unable to execute API command listtemplates due to missing parameter templatefilter");
                    }
                    Predicate<ObjectNode> zone = t -> !p.containsKey("zoneid") || t.path("zoneid").asText().equals(p.get("zoneid"));
                    yield list("template", templates, byIdOrName(p).and(zone), p);
                }
                case "deployVirtualMachine" -> deploy(p, method);
                case "queryAsyncJobResult" -> jobs.query(FakeApi.need(p, "jobid", "queryAsyncJobResult"));
                case "listVirtualMachines" -> listVms(p);
                case "createTags" -> createTags(p);
                case "deleteTags" -> deleteTags(p);
                case "destroyVirtualMachine" -> destroy(p);
                default -> throw new FakeApi.ApiError(432, "The given command does not exist or it is not available for user");
            };
        } finally {
            lock.unlock();
        }
    }

    private static Predicate<ObjectNode> byIdOrName(Map<String, String> p) {
        return n -> (!p.containsKey("id") || n.path("id").asText().equals(p.get("id")))
                && (!p.containsKey("name") || n.path("name").asText().equals(p.get("name")));
    }

    private ObjectNode list(String key, List<? extends JsonNode> all, Predicate<? super ObjectNode> filter, Map<String, String> p) {
        List<JsonNode> matching = all.stream().map(n -> (ObjectNode) n).filter(filter).map(n -> (JsonNode) n).toList();
        ObjectNode out = json.createObjectNode();
        List<JsonNode> page = FakeApi.page(matching, p);
        if (matching.isEmpty()) {
            return out; // CloudStack answers an empty listing with {}
        }
        out.put("count", matching.size());
        ArrayNode arr = out.putArray(key);
        page.forEach(arr::add);
        return out;
    }

    private static boolean exists(List<ObjectNode> items, String id) {
        return items.stream().anyMatch(i -> i.path("id").asText().equals(id));
    }

    private ObjectNode deploy(Map<String, String> p, String method) {
        String zone = FakeApi.need(p, "zoneid", "deployVirtualMachine");
        String offering = FakeApi.need(p, "serviceofferingid", "deployVirtualMachine");
        String template = FakeApi.need(p, "templateid", "deployVirtualMachine");
        if (!exists(zones, zone)) {
            throw new FakeApi.ApiError(431, "Unable to find zone by id=" + zone);
        }
        if (!exists(offerings, offering)) {
            throw new FakeApi.ApiError(431, "Unable to find service offering: " + offering);
        }
        if (!exists(templates, template)) {
            throw new FakeApi.ApiError(431, "Unable to use template " + template);
        }
        String userData = p.get("userdata");
        if (userData != null) {
            int limit = method.equals("POST") ? 32768 : 2048;
            if (userData.length() > limit) {
                throw new FakeApi.ApiError(431, "User data is too long for an http " + method + " request");
            }
            try {
                Base64.getDecoder().decode(userData);
            } catch (IllegalArgumentException e) {
                throw new FakeApi.ApiError(431, "User data is not base64 encoded");
            }
        }
        String name = p.get("name");
        if (name != null && vms.values().stream().anyMatch(v -> name.equals(v.deployParams.get("name")))) {
            throw new FakeApi.ApiError(431, "The vm with hostName " + name + " already exists in the network domain");
        }
        Vm vm = new Vm(Map.copyOf(p));
        vms.put(vm.id, vm);
        String fail = failNextDeploy;
        failNextDeploy = null;
        String job = fail == null
                ? jobs.start(() -> vmJson(vm.id).map(n -> wrap("virtualmachine", n)).orElse(null), null, () -> vm.state = "Running")
                : jobs.start(null, fail, () -> vm.state = "Error"); // as CloudStack does: the VM stays, in state Error
        return json.createObjectNode().put("id", vm.id).put("jobid", job);
    }

    private ObjectNode wrap(String key, JsonNode node) {
        ObjectNode o = json.createObjectNode();
        o.set(key, node);
        return o;
    }

    private java.util.Optional<ObjectNode> vmJson(String id) {
        Vm vm = vms.get(id);
        if (vm == null) {
            return java.util.Optional.empty();
        }
        ObjectNode n = json.createObjectNode().put("id", vm.id)
                .put("name", vm.deployParams.getOrDefault("name", "VM-" + vm.id))
                .put("displayname", vm.deployParams.getOrDefault("displayname", vm.deployParams.getOrDefault("name", "VM-" + vm.id)))
                .put("state", vm.state)
                .put("zoneid", vm.deployParams.get("zoneid")).put("zonename", "zone-a")
                .put("serviceofferingid", vm.deployParams.get("serviceofferingid"))
                .put("templateid", vm.deployParams.get("templateid"));
        ArrayNode tags = n.putArray("tags");
        vm.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v).put("resourcetype", "UserVm").put("resourceid", vm.id));
        return java.util.Optional.of(n);
    }

    /** {@code tags[N].key/value} pairs of a request, in N order. */
    private static Map<String, String> tagsParam(Map<String, String> p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; p.containsKey("tags[" + i + "].key"); i++) {
            out.put(p.get("tags[" + i + "].key"), p.get("tags[" + i + "].value"));
        }
        return out;
    }

    private ObjectNode listVms(Map<String, String> p) {
        Map<String, String> wanted = tagsParam(p);
        List<JsonNode> matching = new ArrayList<>();
        for (Vm vm : vms.values()) {
            if (p.containsKey("id") && !vm.id.equals(p.get("id"))) {
                continue;
            }
            boolean all = wanted.entrySet().stream().allMatch(e -> e.getValue() == null ? vm.tags.containsKey(e.getKey())
                    : e.getValue().equals(vm.tags.get(e.getKey())));
            if (all) {
                matching.add(vmJson(vm.id).orElseThrow());
            }
        }
        ObjectNode out = json.createObjectNode();
        if (matching.isEmpty()) {
            return out;
        }
        out.put("count", matching.size());
        ArrayNode arr = out.putArray("virtualmachine");
        FakeApi.page(matching, p).forEach(arr::add);
        return out;
    }

    private List<Vm> resources(Map<String, String> p, String command) {
        String type = FakeApi.need(p, "resourcetype", command);
        if (!type.equalsIgnoreCase("UserVm")) {
            throw new FakeApi.ApiError(431, "this fake tags resourcetype UserVm only, not " + type);
        }
        List<Vm> out = new ArrayList<>();
        for (String id : FakeApi.need(p, "resourceids", command).split(",")) {
            Vm vm = vms.get(id);
            if (vm == null) {
                throw new FakeApi.ApiError(431, "Unable to find resource by id " + id + " and type UserVm");
            }
            out.add(vm);
        }
        return out;
    }

    private ObjectNode createTags(Map<String, String> p) {
        List<Vm> targets = resources(p, "createTags");
        Map<String, String> tags = tagsParam(p);
        if (tags.isEmpty()) {
            throw new FakeApi.ApiError(431, "Unable to execute API command createtags due to missing parameter tags");
        }
        for (Vm vm : targets) {
            for (String key : tags.keySet()) {
                if (vm.tags.containsKey(key)) {
                    throw new FakeApi.ApiError(431, "tag " + key + " already exists on resource " + vm.id);
                }
            }
        }
        return json.createObjectNode().put("jobid", jobs.start(null, null, () -> targets.forEach(vm -> vm.tags.putAll(tags))));
    }

    private ObjectNode deleteTags(Map<String, String> p) {
        List<Vm> targets = resources(p, "deleteTags");
        Map<String, String> tags = tagsParam(p);
        return json.createObjectNode().put("jobid", jobs.start(null, null, () -> targets.forEach(vm ->
                tags.forEach((k, v) -> vm.tags.remove(k, v == null ? vm.tags.get(k) : v)))));
    }

    private ObjectNode destroy(Map<String, String> p) {
        String id = FakeApi.need(p, "id", "destroyVirtualMachine");
        Vm vm = vms.get(id);
        if (vm == null || vm.state.equals("Destroyed")) {
            throw new FakeApi.ApiError(431, "Unable to find a virtual machine with specified vmId");
        }
        boolean expunge = "true".equals(p.get("expunge"));
        String job = jobs.start(() -> vmJson(id).map(n -> wrap("virtualmachine", n)).orElse(null), null, () -> {
            vm.state = "Destroyed";
            if (expunge) {
                vms.remove(id);
            }
        });
        return json.createObjectNode().put("jobid", job);
    }
}
