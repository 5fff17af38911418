package io.infrakit.cloudstack;

import io.infrakit.spi.plugin.OptionValues;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the plugin talks to CloudStack: {@code --opt cloudstack.KEY=VALUE} (see {@link #DESCRIPTIONS}).
 *
 * @param endpoint       the API URL, e.g. {@code http://mgmt:8080/client/api}
 * @param credentials    the account's keys
 * @param expunge        destroy with {@code expunge=true} (no recovery window)
 * @param jobTimeout     how long to follow one async job
 * @param pollInterval   first pause between two {@code queryAsyncJobResult}; it doubles up to 5 s
 * @param pageSize       {@code pagesize} of listings
 * @param requestTimeout timeout of one HTTP request
 * @param retries        retries of reads (list*, queryAsyncJobResult) after I/O errors or 5xx
 */
public record CloudStackOptions(URI endpoint, Credentials credentials, boolean expunge, Duration jobTimeout,
                                Duration pollInterval, int pageSize, Duration requestTimeout, int retries) {

    public static final String ENDPOINT = "endpoint";
    public static final String API_KEY = "api-key";
    public static final String SECRET_KEY = "secret-key";
    public static final String CREDENTIALS_FILE = "credentials-file";
    public static final String EXPUNGE = "expunge";
    public static final String JOB_TIMEOUT = "job-timeout";
    public static final String POLL_INTERVAL = "poll-interval";
    public static final String PAGE_SIZE = "page-size";
    public static final String REQUEST_TIMEOUT = "request-timeout";
    public static final String RETRIES = "retries";
    public static final String ENV_ENDPOINT = "CLOUDSTACK_ENDPOINT";

    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(ENDPOINT, "API URL, e.g. http://mgmt:8080/client/api (default $" + ENV_ENDPOINT + ")");
        d.put(API_KEY, "the account's API key (default $" + Credentials.ENV_API_KEY + "); prefer credentials-file");
        d.put(SECRET_KEY, "the account's secret key (default $" + Credentials.ENV_SECRET_KEY + "); prefer credentials-file");
        d.put(CREDENTIALS_FILE, "a 0600 file with lines api-key=... and secret-key=... (default $" + Credentials.ENV_FILE + ")");
        d.put(EXPUNGE, "true|false (default false): destroy VMs with expunge=true, leaving no recovery window");
        d.put(JOB_TIMEOUT, "duration (default 10m): how long to follow one async job (deploy, destroy, tags)");
        d.put(POLL_INTERVAL, "duration (default 1s): first pause between job polls; doubles up to 5s");
        d.put(PAGE_SIZE, "integer 1..500 (default 100): pagesize of listings");
        d.put(REQUEST_TIMEOUT, "duration (default 30s): timeout of one HTTP request");
        d.put(RETRIES, "integer 0..10 (default 3): retries of reads after network errors or 5xx; changes are never retried");
        DESCRIPTIONS = java.util.Collections.unmodifiableMap(d);
    }

    public CloudStackOptions withPageSize(int n) {
        return new CloudStackOptions(endpoint, credentials, expunge, jobTimeout, pollInterval, n, requestTimeout, retries);
    }

    public CloudStackOptions withExpunge(boolean value) {
        return new CloudStackOptions(endpoint, credentials, value, jobTimeout, pollInterval, pageSize, requestTimeout, retries);
    }

    public CloudStackOptions withPollInterval(Duration d) {
        return new CloudStackOptions(endpoint, credentials, expunge, jobTimeout, d, pageSize, requestTimeout, retries);
    }

    public CloudStackOptions withJobTimeout(Duration d) {
        return new CloudStackOptions(endpoint, credentials, expunge, d, pollInterval, pageSize, requestTimeout, retries);
    }

    /** Defaults for an endpoint and keys (what tests and Java callers start from). */
    public static CloudStackOptions of(URI endpoint, Credentials credentials) {
        return new CloudStackOptions(endpoint, credentials, false, Duration.ofMinutes(10), Duration.ofSeconds(1), 100, Duration.ofSeconds(30), 3);
    }

    /** Reads the plugin's options; unknown keys and bad values are refused naming the option and the fix. */
    public static CloudStackOptions parse(Map<String, String> options, Map<String, String> env) {
        OptionValues values = new OptionValues("cloudstack", options, "500ms, 30s or 10m", "30s");
        values.refuseUnknown(DESCRIPTIONS.keySet());
        String url = options.getOrDefault(ENDPOINT, env.get(ENV_ENDPOINT));
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no endpoint: give --opt cloudstack.endpoint=http://MGMT:8080/client/api or set " + ENV_ENDPOINT);
        }
        URI endpoint;
        try {
            endpoint = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            endpoint = null;
        }
        if (endpoint == null || endpoint.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("cloudstack option endpoint='" + url + "' is not an http(s) URL; write it like http://mgmt:8080/client/api");
        }
        Credentials credentials = Credentials.resolve(options.get(API_KEY), options.get(SECRET_KEY), options.get(CREDENTIALS_FILE), env);
        CloudStackOptions o = of(endpoint, credentials);
        return new CloudStackOptions(endpoint, credentials,
                values.bool(EXPUNGE, o.expunge()),
                values.duration(JOB_TIMEOUT, o.jobTimeout()),
                values.duration(POLL_INTERVAL, o.pollInterval()),
                values.integer(PAGE_SIZE, o.pageSize(), 1, 500),
                values.duration(REQUEST_TIMEOUT, o.requestTimeout()),
                values.integer(RETRIES, o.retries(), 0, 10));
    }

    @Override
    public String toString() {
        return "CloudStackOptions[endpoint=" + endpoint + ", " + credentials + ", expunge=" + expunge + "]";
    }
}
