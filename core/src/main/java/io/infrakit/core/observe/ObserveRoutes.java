package io.infrakit.core.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.rpc.server.HttpRoute;
import io.infrakit.spi.PluginException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /metrics} and the read-only dashboard ({@code /dashboard/}, its files and its JSON
 * under {@code /dashboard/api/}). Served on the daemon's sockets, on its TCP listener after
 * authentication, and on the loopback ports {@code --metrics} and {@code --dashboard} open.
 */
public final class ObserveRoutes implements HttpRoute {

    public static final String METRICS = "/metrics";
    public static final String DASHBOARD = "/dashboard/";
    private static final String FILES = "/io/infrakit/core/observe/dashboard/";
    private static final Map<String, String> TYPES = Map.of("index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8", "style.css", "text/css; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Observatory observatory;
    private final boolean metrics;
    private final boolean dashboard;

    /**
     * @param metrics   serve /metrics
     * @param dashboard serve the dashboard
     */
    public ObserveRoutes(Observatory observatory, boolean metrics, boolean dashboard) {
        this.observatory = observatory;
        this.metrics = metrics;
        this.dashboard = dashboard;
    }

    @Override
    public boolean serve(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        String path = Request.getPathInContext(request);
        if (metrics && path.equals(METRICS)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            observatory.metrics().write(out);
            send(response, callback, 200, Metrics.CONTENT_TYPE, out.toByteArray());
            return true;
        }
        if (!dashboard || !(path.equals("/dashboard") || path.startsWith(DASHBOARD))) {
            return false;
        }
        if (path.equals("/dashboard")) {
            response.getHeaders().put(HttpHeader.LOCATION, DASHBOARD);
            send(response, callback, 302, "text/plain; charset=utf-8", "see /dashboard/\n".getBytes(StandardCharsets.UTF_8));
            return true;
        }
        String rest = path.substring(DASHBOARD.length());
        if (rest.startsWith("api/")) {
            api(rest.substring(4), Request.extractQueryParameters(request), response, callback);
            return true;
        }
        String file = rest.isEmpty() ? "index.html" : rest;
        String type = TYPES.get(file);
        byte[] body = type == null ? null : resource(file);
        if (body == null) {
            send(response, callback, 404, "text/plain; charset=utf-8", ("no such file: " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return true;
        }
        send(response, callback, 200, type, body);
        return true;
    }

    private void api(String what, Fields query, Response response, Callback callback) throws IOException {
        DashboardApi api = observatory.dashboard();
        Object answer;
        try {
            answer = switch (what) {
                case "groups" -> api.groups();
                case "events" -> api.events(number(query, "after", 0), (int) Math.min(500, number(query, "limit", 100)));
                case "versions" -> {
                    String group = query.getValue("group");
                    if (group == null || group.isBlank()) {
                        throw new IllegalArgumentException("give the group: /dashboard/api/versions?group=ID");
                    }
                    yield api.versions(group);
                }
                default -> null;
            };
        } catch (IllegalArgumentException | PluginException e) {
            send(response, callback, 400, "application/json", JSON.writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage()))));
            return;
        }
        if (answer == null) {
            send(response, callback, 404, "application/json", JSON.writeValueAsBytes(Map.of("error",
                    "no such API: " + what + "; the dashboard reads groups, events and versions")));
            return;
        }
        send(response, callback, 200, "application/json", JSON.writeValueAsBytes(answer));
    }

    private static long number(Fields query, String name, long otherwise) {
        String v = query.getValue(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a whole number of 0 or more");
        }
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = ObserveRoutes.class.getResourceAsStream(FILES + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
