package io.infrakit.cloudstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.PluginException;

import java.time.Duration;
import java.util.Map;

/**
 * Follows CloudStack's asynchronous jobs: {@code queryAsyncJobResult} until {@code jobstatus} is 1
 * (success: the {@code jobresult}) or 2 (failure: its {@code errortext}), polling with a growing
 * pause up to {@code maxPoll}, giving up after {@code timeout}.
 */
public final class AsyncJobs {

    private final CloudStackClient client;
    private final Duration firstPoll;
    private final Duration maxPoll;
    private final Duration timeout;

    public AsyncJobs(CloudStackClient client, Duration firstPoll, Duration maxPoll, Duration timeout) {
        this.client = client;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
        this.timeout = timeout;
    }

    /** Waits for job {@code jobId} started by {@code command}; returns its {@code jobresult}. */
    public JsonNode await(String command, String jobId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = firstPoll;
        while (true) {
            JsonNode r = client.get("queryAsyncJobResult", Map.of("jobid", jobId));
            int status = r.path("jobstatus").asInt(0);
            if (status == 1) {
                return r.path("jobresult");
            }
            if (status == 2) {
                JsonNode result = r.path("jobresult");
                throw new CloudStackApiException(command, result.path("errorcode").asInt(530),
                        result.path("errortext").asText("job " + jobId + " failed without a reason"));
            }
            if (System.nanoTime() > deadline) {
                throw new PluginException("cloudstack " + command + ": job " + jobId + " still pending after "
                        + io.infrakit.spi.GoDuration.format(timeout) + "; raise --opt cloudstack.job-timeout or look at the job in CloudStack");
            }
            CloudStackClient.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(maxPoll) > 0 ? maxPoll : pause.multipliedBy(2);
        }
    }

    /** Sends {@code command} and waits for its job when it answers with a {@code jobid}. */
    public JsonNode run(String command, Map<String, String> params, boolean post) {
        JsonNode started = post ? client.post(command, params) : client.get(command, params);
        String job = started.path("jobid").asText("");
        return job.isEmpty() ? started : await(command, job);
    }
}
