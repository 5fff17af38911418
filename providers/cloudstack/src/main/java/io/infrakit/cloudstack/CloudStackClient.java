package io.infrakit.cloudstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A small client of CloudStack's query API over the JDK's HTTP client. Every request is signed
 * ({@link RequestSigner}) and asks for JSON; an answer is the object inside
 * {@code {"<command>response": {...}}}. Reads ({@code list*}, {@code queryAsyncJobResult}) are
 * retried on I/O errors and 5xx answers; commands that change something are sent once, since a
 * repeated {@code deployVirtualMachine} would create a second VM.
 */
public final class CloudStackClient {

    private static final Logger log = LoggerFactory.getLogger(CloudStackClient.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final URI endpoint;
    private final Credentials credentials;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration requestTimeout;
    private final int retries;

    public CloudStackClient(URI endpoint, Credentials credentials, Duration requestTimeout, int retries) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        // HTTP/1.1: CloudStack management servers speak it, and no h2c upgrade is attempted on plain http.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Whether {@code command} may be sent again after a failure without changing anything twice. */
    public static boolean safeToRepeat(String command) {
        String c = command.toLowerCase(Locale.ROOT);
        return c.startsWith("list") || c.equals("queryasyncjobresult");
    }

    /** A command sent as a signed GET (small requests). */
    public JsonNode get(String command, Map<String, String> params) {
        return call(command, params, false);
    }

    /**
     * A command sent as a signed form POST: CloudStack accepts up to 32 KB of user data this way
     * (2 KB with GET), so {@code deployVirtualMachine} goes here.
     */
    public JsonNode post(String command, Map<String, String> params) {
        return call(command, params, true);
    }

    private JsonNode call(String command, Map<String, String> params, boolean post) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("command", command);
        all.putAll(params);
        all.put("response", "json");
        all.put("apikey", credentials.apiKey());
        String query = RequestSigner.signedQuery(all, credentials.secretKey());
        int attempts = safeToRepeat(command) ? retries + 1 : 1;
        Duration wait = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request(query, post), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 500 && attempt < attempts) {
                    log.debug("cloudstack {} answered HTTP {}; retrying ({}/{})", command, response.statusCode(), attempt, attempts - 1);
                } else {
                    return answer(command, response.statusCode(), response.body());
                }
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new UnreachableException("cloudstack " + command + ": cannot reach " + endpoint + " (" + describe(e)
                            + "); check the endpoint option and that the management server is up", e);
                }
                log.debug("cloudstack {}: {}; retrying ({}/{})", command, describe(e), attempt, attempts - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginException("cloudstack " + command + ": interrupted");
            }
            sleep(wait);
            wait = wait.multipliedBy(2);
        }
    }

    private HttpRequest request(String query, boolean post) {
        if (post) {
            return HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query)).build();
        }
        // The query (with the API key, never the secret) is not logged: keep it out of messages too.
        return HttpRequest.newBuilder(URI.create(endpoint + "?" + query)).timeout(requestTimeout).GET().build();
    }

    private JsonNode answer(String command, int status, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        JsonNode inner = root == null ? null : root.get(command.toLowerCase(Locale.ROOT) + "response");
        if (inner == null && root != null && root.size() == 1 && root.fieldNames().next().endsWith("response")) {
            inner = root.elements().next(); // e.g. "errorresponse"
        }
        if ((inner == null || !inner.isObject()) && status >= 500) {
            throw new PluginException("cloudstack " + command + ": " + endpoint + " answered HTTP " + status
                    + (safeToRepeat(command) ? " after " + retries + " retries" : " (a change is never sent twice)")
                    + "; the management server may be restarting: try again later");
        }
        if (inner == null || !inner.isObject()) {
            throw new PluginException("cloudstack " + command + ": " + endpoint + " answered HTTP " + status
                    + " without a CloudStack JSON answer; is the endpoint the API URL (e.g. http://host:8080/client/api)?");
        }
        if (inner.has("errorcode") || status >= 400) {
            throw new CloudStackApiException(command, inner.path("errorcode").asInt(status), inner.path("errortext").asText("HTTP " + status));
        }
        return inner;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("cloudstack: interrupted");
        }
    }
}
