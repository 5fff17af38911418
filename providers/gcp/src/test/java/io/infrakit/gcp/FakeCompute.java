package io.infrakit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.infrakit.gcp.FakeComputeJson.JSON;

/**
 * A FAKE Compute Engine for tests (no emulator of it exists): an HTTP server on 127.0.0.1 that
 * speaks the part of the Compute Engine v1 REST API the plugin uses, as Google's reference
 * defines it: instances insert, list (label {@code filter}, {@code maxResults}/{@code pageToken},
 * a field mask), get, setLabels (with {@code labelFingerprint}, 412 when stale) and delete, each
 * change a zonal operation that is DONE after a delay and read with zoneOperations.get;
 * {@code requestId} makes a repeated change happen once. It checks the bearer token, and refuses
 * with Google's JSON errors: 401, 404 notFound (a missing image), 409 alreadyExists, 403
 * rateLimitExceeded on demand, and operations that end in QUOTA_EXCEEDED.
 */
final class FakeCompute implements AutoCloseable {

    static final String PROJECT = "fake-project-1";
    static final String ZONE = "europe-west1-b";
    static final String TOKEN = "ya29.fake-access-token";
    static final String IMAGE = "projects/debian-cloud/global/images/family/debian-12";
    static final String IMAGE_2 = "projects/debian-cloud/global/images/family/debian-13";
    static final String BASE = "https://www.googleapis.com/compute/v1/projects/" + PROJECT + "/zones/" + ZONE;
    private static final Pattern PATH = Pattern.compile("/compute/v1/projects/([^/]+)/zones/([^/]+)/(instances|operations)(?:/([^/]+))?(?:/(setLabels))?");

    /** A request as received (after its token was checked). */
    record Call(String method, String resource, String name, Map<String, String> query, String fieldMask) {
    }

    /** A VM as the fake keeps it: its JSON resource. */
    static final class Vm {
        final ObjectNode resource;
        final String requestId;

        Vm(ObjectNode resource, String requestId) {
            this.resource = resource;
            this.requestId = requestId;
        }

        String name() {
            return resource.path("name").asText();
        }

        Map<String, String> labels() {
            Map<String, String> out = new TreeMap<>();
            resource.path("labels").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }

        String startupScript() {
            for (JsonNode item : resource.path("metadata").path("items")) {
                if (item.path("key").asText().equals("startup-script")) {
                    return item.path("value").asText();
                }
            }
            return null;
        }

        String image() {
            return resource.path("disks").path(0).path("initializeParams").path("sourceImage").asText();
        }
    }

    private static final class Op {
        final ObjectNode json;
        final Instant doneAt;
        final Runnable effect;

        Op(ObjectNode json, Instant doneAt, Runnable effect) {
            this.json = json;
            this.doneAt = doneAt;
            this.effect = effect;
        }
    }

    private final HttpServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Vm> vms = new LinkedHashMap<>(); // guarded by lock, creation order
    private final Map<String, Op> ops = new LinkedHashMap<>(); // guarded by lock
    private final Map<String, Op> byRequestId = new LinkedHashMap<>(); // guarded by lock
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> everCreated = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(4_000_000_000_000L);
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger loseInsertAnswers = new AtomicInteger();
    private final Set<String> images = Set.of(IMAGE, IMAGE_2);
    private volatile Instant throttleUntil = Instant.MIN;
    private volatile Duration opDelay = Duration.ofMillis(40);
    private volatile String failNextInsert;
    private volatile boolean labelsChangeAfterGet;

    FakeCompute() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    GcpOptions options() {
        return GcpOptions.of(PROJECT, ZONE, endpoint()).withPollInterval(Duration.ofMillis(20));
    }

    /** Credentials that hold one access token and, asked to refresh it after a 401, get the same one again (as ADC would get a refused one). */
    static FixedCredentialsProvider credentials(String token) {
        AccessToken access = new AccessToken(token, Date.from(Instant.now().plus(Duration.ofHours(1))));
        return FixedCredentialsProvider.create(new GoogleCredentials(access) {
            @Override
            public AccessToken refreshAccessToken() {
                return access;
            }
        });
    }

    /** A plugin over Google's real client, pointed at this fake with a good token. */
    GcpInstancePlugin plugin(GcpOptions options) {
        return ComputeClients.plugin(options, credentials(TOKEN));
    }

    // ---- knobs

    void throttleFor(Duration d) {
        throttleUntil = Instant.now().plus(d);
    }

    /** The next {@code n} inserts are carried out, but answered rateLimitExceeded (the answer lost). */
    void loseInsertAnswers(int n) {
        loseInsertAnswers.set(n);
    }

    /** The next insert's operation ends with this error code (QUOTA_EXCEEDED, ...). */
    void failNextInsert(String code) {
        failNextInsert = code;
    }

    /** Someone sets the VM's labels between the plugin's read and its setLabels: the fingerprint it read is stale. */
    void labelsChangeAfterTheNextGet() {
        labelsChangeAfterGet = true;
    }

    void deleteBehindTheBack(String name) {
        lock.lock();
        try {
            vms.remove(name);
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code n} running VMs with these labels, as if created long ago. */
    void seed(int n, Map<String, String> labels) {
        lock.lock();
        try {
            for (int k = 0; k < n; k++) {
                ObjectNode r = JSON.createObjectNode();
                r.put("name", "seed-" + ids.incrementAndGet());
                labels.forEach(r.putObject("labels")::put);
                Vm vm = created(r, null);
                vm.resource.put("status", "RUNNING");
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- reads for tests

    Vm vm(String name) {
        lock.lock();
        try {
            tick();
            return vms.get(name);
        } finally {
            lock.unlock();
        }
    }

    List<Vm> live() {
        lock.lock();
        try {
            tick();
            return List.copyOf(vms.values());
        } finally {
            lock.unlock();
        }
    }

    /** Names of every VM ever created, deleted ones too. */
    List<String> everCreated() {
        return List.copyOf(everCreated);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long count(String method, String resource) {
        return calls.stream().filter(c -> c.method().equals(method) && c.resource().equals(resource) && c.name() == null).count();
    }

    int rateLimited() {
        return rateLimited.get();
    }

    // ---- the server

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            try {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (!("Bearer " + TOKEN).equals(auth)) {
                    throw new FakeComputeJson.ApiError(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
                }
                Matcher m = PATH.matcher(ex.getRequestURI().getRawPath());
                if (!m.matches()) {
                    throw new FakeComputeJson.ApiError(404, "notFound", "The fake knows no " + ex.getRequestURI().getRawPath());
                }
                if (!m.group(1).equals(PROJECT) || !m.group(2).equals(ZONE)) {
                    throw new FakeComputeJson.ApiError(404, "notFound", "The resource 'projects/" + m.group(1) + "/zones/" + m.group(2) + "' was not found");
                }
                Map<String, String> query = query(ex.getRequestURI().getRawQuery());
                String mask = ex.getRequestHeaders().getFirst(GcpInstancePlugin.FIELD_MASK_HEADER);
                if (Instant.now().isBefore(throttleUntil)) {
                    rateLimited.incrementAndGet();
                    throw FakeComputeJson.rateLimited();
                }
                String method = ex.getRequestMethod();
                String name = m.group(4) == null ? null : URLDecoder.decode(m.group(4), StandardCharsets.UTF_8);
                String resource = m.group(5) != null ? "setLabels" : m.group(3);
                calls.add(new Call(method, resource, name, query, mask));
                JsonNode in = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                JsonNode answer;
                lock.lock();
                try {
                    tick();
                    answer = switch (method + " " + resource + (name == null ? "" : "/")) {
                        case "POST instances" -> insert((ObjectNode) in, query.get("requestId"));
                        case "GET instances" -> list(query, mask);
                        case "GET instances/" -> get(name);
                        case "DELETE instances/" -> delete(name, query.get("requestId"));
                        case "POST setLabels/" -> setLabels(name, in, query.get("requestId"));
                        case "GET operations/" -> operation(name);
                        default -> throw new FakeComputeJson.ApiError(405, "methodNotAllowed", method + " is not allowed on " + resource);
                    };
                } finally {
                    lock.unlock();
                }
                if (resource.equals("instances") && method.equals("POST") && loseInsertAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    rateLimited.incrementAndGet();
                    throw FakeComputeJson.rateLimited();
                }
                send(ex, 200, answer.toString());
            } catch (FakeComputeJson.ApiError e) {
                send(ex, e.status, e.body());
            }
        }
    }

    /** Finishes the operations that are due. Called with the lock held. */
    private void tick() {
        Instant now = Instant.now();
        for (Op op : ops.values()) {
            if (!op.json.path("status").asText().equals("DONE") && !now.isBefore(op.doneAt)) {
                op.json.put("status", "DONE").put("progress", 100).put("endTime", now.toString());
                if (op.effect != null) {
                    op.effect.run();
                }
            }
        }
    }

    private Op newOp(String type, String target, Runnable effect) {
        ObjectNode j = JSON.createObjectNode();
        String name = "operation-" + ids.incrementAndGet() + "-fake";
        j.put("kind", "compute#operation").put("id", Long.toString(ids.incrementAndGet())).put("name", name)
                .put("zone", BASE).put("operationType", type).put("targetLink", BASE + "/instances/" + target)
                .put("status", "RUNNING").put("progress", 0).put("insertTime", Instant.now().toString())
                .put("selfLink", BASE + "/operations/" + name).put("user", "infrakit@" + PROJECT + ".iam.gserviceaccount.com");
        Op op = new Op(j, Instant.now().plus(opDelay), effect);
        ops.put(name, op);
        return op;
    }

    private Vm created(ObjectNode r, String requestId) {
        String name = r.path("name").asText();
        r.put("kind", "compute#instance").put("id", Long.toString(ids.incrementAndGet())).put("status", "PROVISIONING")
                .put("zone", BASE).put("selfLink", BASE + "/instances/" + name).put("creationTimestamp", Instant.now().toString())
                .put("labelFingerprint", fingerprint());
        if (!r.has("labels")) {
            r.putObject("labels");
        }
        Vm vm = new Vm(r, requestId);
        vms.put(name, vm);
        everCreated.add(name);
        return vm;
    }

    private String fingerprint() {
        return Base64.getEncoder().encodeToString(Long.toString(ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode insert(ObjectNode r, String requestId) {
        if (requestId != null && byRequestId.containsKey(requestId)) {
            return byRequestId.get(requestId).json; // the same request again: its operation, nothing new
        }
        String name = r.path("name").asText();
        if (!GcpValidation.NAME.matcher(name).matches()) {
            throw new FakeComputeJson.ApiError(400, "invalid", "Invalid value for field 'resource.name': '" + name + "'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
        }
        if (vms.containsKey(name)) {
            throw new FakeComputeJson.ApiError(409, "alreadyExists", "The resource 'projects/" + PROJECT + "/zones/" + ZONE + "/instances/" + name + "' already exists");
        }
        String image = r.path("disks").path(0).path("initializeParams").path("sourceImage").asText();
        if (!images.contains(image)) {
            throw new FakeComputeJson.ApiError(404, "notFound", "The resource '" + image + "' was not found");
        }
        if (!r.path("machineType").asText().startsWith("zones/" + ZONE + "/machineTypes/")) {
            throw new FakeComputeJson.ApiError(400, "invalid", "Invalid value for field 'resource.machineType': '" + r.path("machineType").asText() + "'");
        }
        String fail = failNextInsert;
        failNextInsert = null;
        Op op;
        if (fail != null) {
            op = newOp("insert", name, null);
            ObjectNode e = op.json.putObject("error").putArray("errors").addObject();
            e.put("code", fail).put("message", "Quota 'CPUS' exceeded.  Limit: 8.0 in region europe-west1.");
            op.json.put("httpErrorStatusCode", 403).put("httpErrorMessage", "FORBIDDEN");
        } else {
            Vm vm = created(r, requestId);
            op = newOp("insert", name, () -> vm.resource.put("status", "RUNNING"));
        }
        if (requestId != null) {
            byRequestId.put(requestId, op);
        }
        return op.json;
    }

    private JsonNode list(Map<String, String> q, String mask) {
        Map<String, String> wanted = FakeComputeJson.labelFilter(q.get("filter"));
        int max = q.containsKey("maxResults") ? Integer.parseInt(q.get("maxResults")) : 500;
        if (max < 0 || max > 500) {
            throw new FakeComputeJson.ApiError(400, "invalid", "Invalid value for field 'maxResults': '" + max + "'. Must be less than or equal to 500");
        }
        int from = 0;
        if (q.containsKey("pageToken")) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(q.get("pageToken")), StandardCharsets.UTF_8).substring(5));
            } catch (RuntimeException e) {
                throw new FakeComputeJson.ApiError(400, "invalid", "Invalid value for field 'pageToken'");
            }
        }
        List<Vm> matching = new ArrayList<>();
        for (Vm vm : vms.values()) {
            Map<String, String> labels = vm.labels();
            if (wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
                matching.add(vm);
            }
        }
        int to = Math.min(matching.size(), from + max);
        ObjectNode out = JSON.createObjectNode();
        if (mask == null) {
            out.put("kind", "compute#instanceList").put("id", "projects/" + PROJECT + "/zones/" + ZONE + "/instances").put("selfLink", BASE + "/instances");
        }
        var items = out.putArray("items");
        for (Vm vm : matching.subList(Math.min(from, matching.size()), to)) {
            items.add(FakeComputeJson.masked(vm.resource, mask));
        }
        if (to < matching.size()) {
            out.put("nextPageToken", Base64.getEncoder().encodeToString(("fake:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private Vm existing(String name) {
        Vm vm = vms.get(name);
        if (vm == null) {
            throw new FakeComputeJson.ApiError(404, "notFound", "The resource 'projects/" + PROJECT + "/zones/" + ZONE + "/instances/" + name + "' was not found");
        }
        return vm;
    }

    private JsonNode get(String name) {
        Vm vm = existing(name);
        JsonNode answer = vm.resource.deepCopy();
        if (labelsChangeAfterGet) {
            labelsChangeAfterGet = false;
            vm.resource.with("labels").put("changed-by", "someone-else");
            vm.resource.put("labelFingerprint", fingerprint());
        }
        return answer;
    }

    private JsonNode delete(String name, String requestId) {
        if (requestId != null && byRequestId.containsKey(requestId)) {
            return byRequestId.get(requestId).json;
        }
        Vm vm = existing(name);
        vm.resource.put("status", "STOPPING");
        Op op = newOp("delete", name, () -> vms.remove(name, vm));
        if (requestId != null) {
            byRequestId.put(requestId, op);
        }
        return op.json;
    }

    private JsonNode setLabels(String name, JsonNode in, String requestId) {
        if (requestId != null && byRequestId.containsKey(requestId)) {
            return byRequestId.get(requestId).json;
        }
        Vm vm = existing(name);
        if (!vm.resource.path("labelFingerprint").asText().equals(in.path("labelFingerprint").asText())) {
            throw new FakeComputeJson.ApiError(412, "conditionNotMet", "Labels fingerprint either invalid or resource labels have changed");
        }
        ObjectNode labels = vm.resource.putObject("labels");
        in.path("labels").properties().forEach(e -> labels.set(e.getKey(), e.getValue()));
        vm.resource.put("labelFingerprint", fingerprint());
        Op op = newOp("setLabels", name, null);
        if (requestId != null) {
            byRequestId.put(requestId, op);
        }
        return op.json;
    }

    private JsonNode operation(String name) {
        Op op = ops.get(name);
        if (op == null) {
            throw new FakeComputeJson.ApiError(404, "notFound", "The resource 'projects/" + PROJECT + "/zones/" + ZONE + "/operations/" + name + "' was not found");
        }
        return op.json;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
