package io.infrakit.cloudstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The async jobs of the fake CloudStack ({@link FakeCloudStack}): a job is pending
 * ({@code jobstatus} 0) until its delay has passed; the first query after that carries out its
 * effect and answers 1 with the {@code jobresult}, or 2 with {@code errorcode} 530 and the
 * {@code errortext}. Not thread-safe: the fake calls it under its own lock.
 */
final class FakeJobs {

    private record Job(long readyAt, ObjectNode result, String errorText) {
    }

    private final ObjectMapper json;
    private final Supplier<Duration> delay;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Runnable> effects = new LinkedHashMap<>();

    FakeJobs(ObjectMapper json, Supplier<Duration> delay) {
        this.json = json;
        this.delay = delay;
    }

    /**
     * A new job: {@code done} runs when it completes, then {@code result} (null or answering null
     * for CloudStack's {@code {"success": true}}) gives its jobresult; a non-null
     * {@code errorText} makes it fail.
     */
    String start(Supplier<ObjectNode> result, String errorText, Runnable done) {
        String id = UUID.randomUUID().toString();
        jobs.put(id, new Job(System.nanoTime() + delay.get().toNanos(), null, errorText));
        effects.put(id, () -> {
            done.run();
            if (errorText == null) {
                ObjectNode r = result == null ? null : result.get();
                jobs.put(id, new Job(0, r == null ? json.createObjectNode().put("success", true) : r, null));
            }
        });
        return id;
    }

    /** The answer of {@code queryAsyncJobResult jobid=id}. */
    ObjectNode query(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new FakeApi.ApiError(431, "Unable to find job by id " + id);
        }
        ObjectNode out = json.createObjectNode().put("jobid", id);
        if (System.nanoTime() < job.readyAt()) {
            return out.put("jobstatus", 0).put("jobprocstatus", 0).put("jobresultcode", 0);
        }
        Runnable effect = effects.remove(id);
        if (effect != null) {
            effect.run();
            job = jobs.get(id);
        }
        if (job.errorText() != null) {
            out.put("jobstatus", 2).put("jobresultcode", 530).put("jobresulttype", "object");
            out.putObject("jobresult").put("errorcode", 530).put("errortext", job.errorText());
            return out;
        }
        out.put("jobstatus", 1).put("jobresultcode", 0).put("jobresulttype", "object");
        out.set("jobresult", job.result());
        return out;
    }
}
