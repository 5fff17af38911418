package io.infrakit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FAKE EC2 for tests (no EC2 emulator can be installed here): an HTTP server on 127.0.0.1 that
 * speaks the part of EC2's Query API the plugin uses, as EC2's API reference defines it. Requests
 * are form-encoded POSTs ({@code Action=RunInstances&Version=2016-11-15&...}); each one's SigV4
 * signature is recomputed and checked ({@link FakeSigV4}); answers are XML in EC2's namespace;
 * errors are EC2's {@code <Response><Errors><Error>} with its codes. It filters DescribeInstances
 * by {@code Filter.N.Name=tag:KEY} and {@code instance-state-name}, pages it with MaxResults and
 * NextToken, keeps RunInstances idempotent by ClientToken, and throttles on demand with
 * {@code RequestLimitExceeded}.
 */
final class FakeEc2 implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIAFAKEEC2TEST00001";
    static final String SECRET_KEY = "fake/secret/key/for/the/ec2/fake/0000001";
    static final String AMI = "ami-0a1b2c3d4e5f60001";
    static final String AMI_2 = "ami-0a1b2c3d4e5f60002";

    /** A request the fake received and whose signature was good. */
    record Call(String action, Map<String, String> params) {
    }

    private final HttpServer server;
    private final FakeSigV4 sigV4 = new FakeSigV4(Map.of(ACCESS_KEY, SECRET_KEY), REGION);
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, FakeEc2Instance> instances = new LinkedHashMap<>(); // guarded by lock, launch order
    private final Map<String, FakeEc2Instance> byToken = new LinkedHashMap<>(); // guarded by lock
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedSignatures = new AtomicInteger();
    private final AtomicInteger throttledCalls = new AtomicInteger();
    private final AtomicInteger seq = new AtomicInteger();
    private final Set<String> images = Set.of(AMI, AMI_2);
    private volatile Instant throttleUntil = Instant.MIN;
    private final AtomicInteger loseRunAnswers = new AtomicInteger();
    private volatile String failNextRun;

    FakeEc2() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    AwsOptions options() {
        return AwsOptions.of(REGION, endpoint()).withMaxAttempts(2);
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** A plugin over the real SDK, pointed at this fake with good keys. */
    AwsInstancePlugin plugin(AwsOptions options) {
        return new AwsInstancePlugin(options, Ec2Clients.build(options, Region.of(REGION), credentials()), REGION);
    }

    // ---- knobs of the tests

    /** Every request is answered RequestLimitExceeded (HTTP 503) for this long. */
    void throttleFor(Duration d) {
        throttleUntil = Instant.now().plus(d);
    }

    /** The next {@code n} RunInstances launch, but their answers are lost: the caller sees RequestLimitExceeded. */
    void loseRunAnswers(int n) {
        loseRunAnswers.set(n);
    }

    /** The next RunInstances fails with this EC2 error code (InstanceLimitExceeded, AuthFailure, ...). */
    void failNextRun(String code) {
        failNextRun = code;
    }

    /** Someone terminates an instance in the console. */
    void terminateBehindTheBack(String id) {
        lock.lock();
        try {
            instances.get(id).state = "terminated";
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code n} running instances with these tags, as if launched long ago. */
    void seed(int n, Map<String, String> tags) {
        lock.lock();
        try {
            for (int k = 0; k < n; k++) {
                FakeEc2Instance i = new FakeEc2Instance(seq.incrementAndGet(), Map.of("ImageId", AMI, "InstanceType", "t3.micro"));
                i.state = "running";
                i.tags.putAll(tags);
                instances.put(i.id, i);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- what the tests read

    FakeEc2Instance instance(String id) {
        lock.lock();
        try {
            return instances.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** Instances not shutting down or terminated. */
    List<FakeEc2Instance> live() {
        lock.lock();
        try {
            return instances.values().stream().filter(i -> AwsInstancePlugin.LIVE_STATES.contains(i.state)).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Every instance ever launched, terminated ones too. */
    List<FakeEc2Instance> launched() {
        lock.lock();
        try {
            return List.copyOf(instances.values());
        } finally {
            lock.unlock();
        }
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long count(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).count();
    }

    int refusedSignatures() {
        return refusedSignatures.get();
    }

    int throttledCalls() {
        return throttledCalls.get();
    }

    // ---- the server

    private void handle(HttpExchange ex) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 400, FakeEc2Xml.error("InvalidAction", "the fake takes POSTed form-encoded requests only", requestId));
                return;
            }
            FakeSigV4.Refusal refusal = sigV4.check("POST", ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    name -> {
                        List<String> v = ex.getRequestHeaders().get(name);
                        return v == null ? null : String.join(",", v);
                    }, body);
            if (refusal != null) {
                refusedSignatures.incrementAndGet();
                send(ex, 401, FakeEc2Xml.error(refusal.code(), refusal.message(), requestId));
                return;
            }
            Map<String, String> p = parse(new String(body, StandardCharsets.UTF_8));
            String action = p.getOrDefault("Action", "");
            if (Instant.now().isBefore(throttleUntil)) {
                throttledCalls.incrementAndGet();
                send(ex, 503, FakeEc2Xml.error("RequestLimitExceeded", "Request limit exceeded.", requestId));
                return;
            }
            calls.add(new Call(action, p));
            try {
                String answer = switch (action) {
                    case "RunInstances" -> run(p);
                    case "DescribeInstances" -> describe(p);
                    case "CreateTags" -> createTags(p);
                    case "TerminateInstances" -> terminate(p);
                    default -> throw new Ec2Error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
                };
                send(ex, 200, FakeEc2Xml.response(action, requestId, answer));
            } catch (Ec2Error e) {
                send(ex, e.status, FakeEc2Xml.error(e.code, e.getMessage(), requestId));
            }
        }
    }

    private static final class Ec2Error extends RuntimeException {
        final int status;
        final String code;

        Ec2Error(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private String run(Map<String, String> p) {
        String fail = failNextRun;
        if (fail != null) {
            failNextRun = null;
            throw new Ec2Error(fail.equals("AuthFailure") ? 401 : 400, fail, "injected by the test");
        }
        String image = p.get("ImageId");
        if (image == null || !images.contains(image)) {
            throw new Ec2Error(400, "InvalidAMIID.NotFound", "The image id '[" + image + "]' does not exist");
        }
        if (p.get("InstanceType") == null || !"1".equals(p.get("MinCount")) || !"1".equals(p.get("MaxCount"))) {
            throw new Ec2Error(400, "MissingParameter", "InstanceType, MinCount=1 and MaxCount=1 are what the fake takes");
        }
        FakeEc2Instance i;
        lock.lock();
        try {
            String token = p.get("ClientToken");
            i = token == null ? null : byToken.get(token);
            if (i == null) {
                i = new FakeEc2Instance(seq.incrementAndGet(), p);
                for (int n = 1; p.containsKey("TagSpecification." + n + ".ResourceType"); n++) {
                    if (p.get("TagSpecification." + n + ".ResourceType").equals("instance")) {
                        for (int t = 1; p.containsKey("TagSpecification." + n + ".Tag." + t + ".Key"); t++) {
                            i.tags.put(p.get("TagSpecification." + n + ".Tag." + t + ".Key"), p.getOrDefault("TagSpecification." + n + ".Tag." + t + ".Value", ""));
                        }
                    }
                }
                instances.put(i.id, i);
                if (token != null) {
                    byToken.put(token, i);
                }
            }
        } finally {
            lock.unlock();
        }
        if (loseRunAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new Ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
        return "<reservationId>" + i.reservationId + "</reservationId><ownerId>" + FakeEc2Xml.OWNER + "</ownerId><groupSet/><instancesSet>"
                + FakeEc2Xml.instance(i) + "</instancesSet>";
    }

    private String describe(Map<String, String> p) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int n = 1; p.containsKey("Filter." + n + ".Name"); n++) {
            List<String> values = new ArrayList<>();
            for (int v = 1; p.containsKey("Filter." + n + ".Value." + v); v++) {
                values.add(p.get("Filter." + n + ".Value." + v));
            }
            filters.put(p.get("Filter." + n + ".Name"), values);
        }
        int max = Integer.MAX_VALUE;
        if (p.containsKey("MaxResults")) {
            max = Integer.parseInt(p.get("MaxResults"));
            if (max < 5 || max > 1000) {
                throw new Ec2Error(400, "InvalidParameterValue", "Value (" + max + ") for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
            }
        }
        int from = 0;
        if (p.containsKey("NextToken")) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(p.get("NextToken")), StandardCharsets.UTF_8).substring(5));
            } catch (RuntimeException e) {
                throw new Ec2Error(400, "InvalidParameterValue", "Invalid value for NextToken");
            }
        }
        List<FakeEc2Instance> matching;
        lock.lock();
        try {
            // An instance is pending for its first listing after launch, running from then on.
            instances.values().stream().filter(i -> i.state.equals("pending") && calls.size() > 0).forEach(i -> i.state = "running");
            matching = instances.values().stream().filter(i -> matches(i, filters)).toList();
            int to = (int) Math.min(matching.size(), (long) from + max);
            String next = to < matching.size() ? Base64.getEncoder().encodeToString(("fake:" + to).getBytes(StandardCharsets.UTF_8)) : null;
            return FakeEc2Xml.reservations(matching.subList(Math.min(from, matching.size()), to), next);
        } finally {
            lock.unlock();
        }
    }

    private static boolean matches(FakeEc2Instance i, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String name = f.getKey();
            String have;
            if (name.startsWith("tag:")) {
                have = i.tags.get(name.substring(4));
            } else if (name.equals("instance-state-name")) {
                have = i.state;
            } else if (name.equals("instance-id")) {
                have = i.id;
            } else {
                throw new Ec2Error(400, "InvalidParameterValue", "The filter '" + name + "' is invalid");
            }
            if (have == null || !f.getValue().contains(have)) {
                return false;
            }
        }
        return true;
    }

    private String createTags(Map<String, String> p) {
        lock.lock();
        try {
            List<FakeEc2Instance> targets = new ArrayList<>();
            for (int n = 1; p.containsKey("ResourceId." + n); n++) {
                FakeEc2Instance i = instances.get(p.get("ResourceId." + n));
                if (i == null) {
                    throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + p.get("ResourceId." + n) + "' does not exist");
                }
                targets.add(i);
            }
            for (FakeEc2Instance i : targets) {
                for (int t = 1; p.containsKey("Tag." + t + ".Key"); t++) {
                    i.tags.put(p.get("Tag." + t + ".Key"), p.getOrDefault("Tag." + t + ".Value", ""));
                }
            }
        } finally {
            lock.unlock();
        }
        return "<return>true</return>";
    }

    private String terminate(Map<String, String> p) {
        StringBuilder out = new StringBuilder("<instancesSet>");
        lock.lock();
        try {
            for (int n = 1; p.containsKey("InstanceId." + n); n++) {
                FakeEc2Instance i = instances.get(p.get("InstanceId." + n));
                if (i == null) {
                    throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + p.get("InstanceId." + n) + "' does not exist");
                }
                String previous = i.state;
                i.state = "terminated";
                out.append(FakeEc2Xml.stateChange(i, previous));
            }
        } finally {
            lock.unlock();
        }
        return out.append("</instancesSet>").toString();
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String xml) throws IOException {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
