package io.infrakit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static io.infrakit.gcp.FakeComputeJson.JSON;
import static io.infrakit.gcp.FakeCompute.BASE;
import static io.infrakit.gcp.FakeCompute.IMAGE;
import static io.infrakit.gcp.FakeCompute.IMAGE_2;
import static io.infrakit.gcp.FakeCompute.PROJECT;
import static io.infrakit.gcp.FakeCompute.ZONE;

/**
 * The resources of the fake Compute Engine's one zone ({@link FakeCompute}): its VMs and zonal
 * operations, and what each API method does to them. Every method is called with the fake's
 * lock held; the HTTP side (token, rate limits, routing) is FakeCompute's.
 */
final class FakeZone {

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


    final Map<String, FakeCompute.Vm> vms = new LinkedHashMap<>(); // creation order
    private final Map<String, Op> ops = new LinkedHashMap<>();
    private final Map<String, Op> byRequestId = new LinkedHashMap<>();
    final List<String> everCreated = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(4_000_000_000_000L);
    private final Set<String> images = Set.of(IMAGE, IMAGE_2);
    private final Duration opDelay = Duration.ofMillis(40);
    volatile String failNextInsert;
    volatile boolean labelsChangeAfterGet;

    long nextId() {
        return ids.incrementAndGet();
    }

    void tick() {
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

    FakeCompute.Vm created(ObjectNode r, String requestId) {
        String name = r.path("name").asText();
        r.put("kind", "compute#instance").put("id", Long.toString(ids.incrementAndGet())).put("status", "PROVISIONING")
                .put("zone", BASE).put("selfLink", BASE + "/instances/" + name).put("creationTimestamp", Instant.now().toString())
                .put("labelFingerprint", fingerprint());
        if (!r.has("labels")) {
            r.putObject("labels");
        }
        FakeCompute.Vm vm = new FakeCompute.Vm(r, requestId);
        vms.put(name, vm);
        everCreated.add(name);
        return vm;
    }

    private String fingerprint() {
        return Base64.getEncoder().encodeToString(Long.toString(ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
    }

    JsonNode insert(ObjectNode r, String requestId) {
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
            FakeCompute.Vm vm = created(r, requestId);
            op = newOp("insert", name, () -> vm.resource.put("status", "RUNNING"));
        }
        if (requestId != null) {
            byRequestId.put(requestId, op);
        }
        return op.json;
    }

    JsonNode list(Map<String, String> q, String mask) {
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
        List<FakeCompute.Vm> matching = new ArrayList<>();
        for (FakeCompute.Vm vm : vms.values()) {
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
        for (FakeCompute.Vm vm : matching.subList(Math.min(from, matching.size()), to)) {
            items.add(FakeComputeJson.masked(vm.resource, mask));
        }
        if (to < matching.size()) {
            out.put("nextPageToken", Base64.getEncoder().encodeToString(("fake:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private FakeCompute.Vm existing(String name) {
        FakeCompute.Vm vm = vms.get(name);
        if (vm == null) {
            throw new FakeComputeJson.ApiError(404, "notFound", "The resource 'projects/" + PROJECT + "/zones/" + ZONE + "/instances/" + name + "' was not found");
        }
        return vm;
    }

    JsonNode get(String name) {
        FakeCompute.Vm vm = existing(name);
        JsonNode answer = vm.resource.deepCopy();
        if (labelsChangeAfterGet) {
            labelsChangeAfterGet = false;
            vm.resource.with("labels").put("changed-by", "someone-else");
            vm.resource.put("labelFingerprint", fingerprint());
        }
        return answer;
    }

    JsonNode delete(String name, String requestId) {
        if (requestId != null && byRequestId.containsKey(requestId)) {
            return byRequestId.get(requestId).json;
        }
        FakeCompute.Vm vm = existing(name);
        vm.resource.put("status", "STOPPING");
        Op op = newOp("delete", name, () -> vms.remove(name, vm));
        if (requestId != null) {
            byRequestId.put(requestId, op);
        }
        return op.json;
    }

    JsonNode setLabels(String name, JsonNode in, String requestId) {
        if (requestId != null && byRequestId.containsKey(requestId)) {
            return byRequestId.get(requestId).json;
        }
        FakeCompute.Vm vm = existing(name);
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

    JsonNode operation(String name) {
        Op op = ops.get(name);
        if (op == null) {
            throw new FakeComputeJson.ApiError(404, "notFound", "The resource 'projects/" + PROJECT + "/zones/" + ZONE + "/operations/" + name + "' was not found");
        }
        return op.json;
    }

}
