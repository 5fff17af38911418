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
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final HttpServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final FakeZone zone = new FakeZone(); // guarded by lock
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger loseInsertAnswers = new AtomicInteger();
    private volatile Instant throttleUntil = Instant.MIN;

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
        zone.failNextInsert = code;
    }

    /** Someone sets the VM's labels between the plugin's read and its setLabels: the fingerprint it read is stale. */
    void labelsChangeAfterTheNextGet() {
        zone.labelsChangeAfterGet = true;
    }

    void deleteBehindTheBack(String name) {
        lock.lock();
        try {
            zone.vms.remove(name);
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
                r.put("name", "seed-" + zone.nextId());
                labels.forEach(r.putObject("labels")::put);
                Vm vm = zone.created(r, null);
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
            zone.tick();
            return zone.vms.get(name);
        } finally {
            lock.unlock();
        }
    }

    List<Vm> live() {
        lock.lock();
        try {
            zone.tick();
            return List.copyOf(zone.vms.values());
        } finally {
            lock.unlock();
        }
    }

    /** Names of every VM ever created, deleted ones too. */
    List<String> everCreated() {
        return List.copyOf(zone.everCreated);
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
                    zone.tick();
                    answer = switch (method + " " + resource + (name == null ? "" : "/")) {
                        case "POST instances" -> zone.insert((ObjectNode) in, query.get("requestId"));
                        case "GET instances" -> zone.list(query, mask);
                        case "GET instances/" -> zone.get(name);
                        case "DELETE instances/" -> zone.delete(name, query.get("requestId"));
                        case "POST setLabels/" -> zone.setLabels(name, in, query.get("requestId"));
                        case "GET operations/" -> zone.operation(name);
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
