package io.infrakit.gcp;

import io.infrakit.spi.plugin.OptionValues;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the plugin talks to Compute Engine: {@code --opt gcp.KEY=VALUE} (see {@link #DESCRIPTIONS}).
 * Credentials are not options: they are Application Default Credentials
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}, {@code gcloud auth application-default login}, or the
 * VM's service account).
 *
 * @param project          the project that owns the instances
 * @param zone             the zone they run in
 * @param endpoint         an endpoint that replaces Compute Engine's (a test's fake, a private endpoint); null for Google's
 * @param pageSize         maxResults of each instances.list page (1..500)
 * @param operationTimeout how long an operation (insert, delete, setLabels) is waited on
 * @param pollInterval     first pause between two reads of an operation
 * @param throttleTimeout  how long a rate-limited call is tried again with our backoff
 */
public record GcpOptions(String project, String zone, URI endpoint, int pageSize, Duration operationTimeout,
                         Duration pollInterval, Duration throttleTimeout) {

    public static final String PROJECT = "project";
    public static final String ZONE = "zone";
    public static final String ENDPOINT = "endpoint";
    public static final String PAGE_SIZE = "page-size";
    public static final String OPERATION_TIMEOUT = "operation-timeout";
    public static final String POLL_INTERVAL = "poll-interval";
    public static final String THROTTLE_TIMEOUT = "throttle-timeout";
    static final String ENV_PROJECT = "GOOGLE_CLOUD_PROJECT";
    static final String ENV_ZONE = "CLOUDSDK_COMPUTE_ZONE";

    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(PROJECT, "the project ID (default $" + ENV_PROJECT + ")");
        d.put(ZONE, "the zone, e.g. europe-west1-b (default $" + ENV_ZONE + ")");
        d.put(ENDPOINT, "an http(s) URL replacing Compute Engine's endpoint, e.g. a private one (default: Google's)");
        d.put(PAGE_SIZE, "integer 1..500 (default 500): maxResults of each instances.list page");
        d.put(OPERATION_TIMEOUT, "duration (default 5m): how long an insert, delete or setLabels operation is waited on");
        d.put(POLL_INTERVAL, "duration (default 1s): first pause between two reads of an operation; it grows up to 10s");
        d.put(THROTTLE_TIMEOUT, "duration (default 2m): how long a rate-limited call is tried again, with a doubling pause up to 5s");
        DESCRIPTIONS = Collections.unmodifiableMap(d);
    }

    public static GcpOptions of(String project, String zone, URI endpoint) {
        return new GcpOptions(project, zone, endpoint, 500, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(2));
    }

    public GcpOptions withPageSize(int n) {
        return new GcpOptions(project, zone, endpoint, n, operationTimeout, pollInterval, throttleTimeout);
    }

    public GcpOptions withPollInterval(Duration d) {
        return new GcpOptions(project, zone, endpoint, pageSize, operationTimeout, d, throttleTimeout);
    }

    public GcpOptions withThrottleTimeout(Duration d) {
        return new GcpOptions(project, zone, endpoint, pageSize, operationTimeout, pollInterval, d);
    }

    /** Reads the plugin's options; unknown keys and bad values are refused naming the option and the fix. */
    public static GcpOptions parse(Map<String, String> options, Map<String, String> env) {
        OptionValues values = new OptionValues("gcp", options, "500ms, 30s or 5m", "30s");
        values.refuseUnknown(DESCRIPTIONS.keySet());
        String project = options.getOrDefault(PROJECT, env.get(ENV_PROJECT));
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("no project: give --opt gcp.project=my-project or set " + ENV_PROJECT);
        }
        if (!project.matches("[a-z][a-z0-9-]{4,28}[a-z0-9]|[a-z][a-z0-9.-]*:[a-z][a-z0-9-]{4,28}[a-z0-9]")) {
            throw new IllegalArgumentException("gcp option project='" + project + "' is not a project ID (6 to 30 lower-case letters, digits and hyphens, e.g. my-project-123)");
        }
        String zone = options.getOrDefault(ZONE, env.get(ENV_ZONE));
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("no zone: give --opt gcp.zone=europe-west1-b or set " + ENV_ZONE);
        }
        if (!zone.matches("[a-z]+-[a-z]+\\d+-[a-z]")) {
            throw new IllegalArgumentException("gcp option zone='" + zone + "' is not a zone name; write it like europe-west1-b or us-central1-a");
        }
        URI endpoint = null;
        String url = options.get(ENDPOINT);
        if (url != null) {
            try {
                endpoint = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("gcp option endpoint='" + url + "' is not an http(s) URL; write it like https://compute.googleapis.com");
            }
        }
        GcpOptions d = of(project, zone, endpoint);
        return new GcpOptions(project, zone, endpoint,
                values.integer(PAGE_SIZE, d.pageSize(), 1, 500),
                values.duration(OPERATION_TIMEOUT, d.operationTimeout()),
                values.duration(POLL_INTERVAL, d.pollInterval()),
                values.duration(THROTTLE_TIMEOUT, d.throttleTimeout()));
    }
}
