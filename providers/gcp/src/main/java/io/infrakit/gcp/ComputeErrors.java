package io.infrakit.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import io.infrakit.spi.PluginException;

import java.util.Set;

/**
 * Compute Engine's refusals worded for people: what was refused and what to check. The error's
 * {@code reason} and {@code message} are read from Google's JSON answer; the SDK's exception text
 * never reaches the user.
 */
final class ComputeErrors {

    /** A refusal as Compute Engine states it. */
    record Detail(int status, String reason, String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RATE = Set.of("rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED");
    private static final Set<String> QUOTA = Set.of("quotaExceeded", "QUOTA_EXCEEDED", "ZONE_RESOURCE_POOL_EXHAUSTED",
            "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", "resourceExhausted");

    private ComputeErrors() {
    }

    static Detail detail(ApiException e) {
        int status = e.getStatusCode().getTransportCode() instanceof Integer i ? i : 0;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String body = t instanceof HttpResponseException h ? h.getContent() : t.getMessage();
            if (t instanceof HttpResponseException h) {
                status = h.getStatusCode();
            }
            int at = body == null ? -1 : body.indexOf('{');
            if (at >= 0) {
                try {
                    JsonNode error = JSON.readTree(body.substring(at)).path("error");
                    if (error.isObject()) {
                        String reason = error.path("errors").path(0).path("reason").asText(error.path("status").asText(""));
                        return new Detail(status == 0 ? error.path("code").asInt() : status, reason, error.path("message").asText(""));
                    }
                } catch (java.io.IOException | RuntimeException ignored) {
                    // not JSON: keep looking
                }
            }
        }
        return new Detail(status, e.getStatusCode().getCode().name(), "");
    }

    static boolean throttled(ApiException e) {
        if (e.getStatusCode().getCode() == StatusCode.Code.RESOURCE_EXHAUSTED && !QUOTA.contains(detail(e).reason())) {
            return true;
        }
        return RATE.contains(detail(e).reason());
    }

    static PluginException explain(String action, ApiException e, GcpProperties p, String where) {
        Detail d = detail(e);
        String base = "gcp " + action + " failed: " + (d.reason().isEmpty() ? "HTTP " + d.status() : d.reason())
                + (d.message().isEmpty() ? "" : ": " + d.message());
        StatusCode.Code code = e.getStatusCode().getCode();
        if (RATE.contains(d.reason()) || (code == StatusCode.Code.RESOURCE_EXHAUSTED && !QUOTA.contains(d.reason()))) {
            return new PluginException(base + " (Compute Engine kept limiting the rate of calls for longer than the throttle-timeout option allows;"
                    + " a larger page-size or a longer throttle-timeout help)");
        }
        if (code == StatusCode.Code.UNAUTHENTICATED || code == StatusCode.Code.PERMISSION_DENIED || credentialsFailed(e)) {
            return new PluginException(base + " (the credentials were refused or may not do this in " + where
                    + "; the plugin uses Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, `gcloud auth application-default login`"
                    + " or the VM's service account; check them and their role, e.g. roles/compute.instanceAdmin.v1)");
        }
        if (QUOTA.contains(d.reason())) {
            return new PluginException(base + " (a quota or the zone's capacity was reached in " + where
                    + ": ask for a higher quota, choose another MachineType or zone, or make the group smaller)");
        }
        if (p != null && code == StatusCode.Code.NOT_FOUND && d.message().contains("/images/")) {
            return new PluginException("gcp " + action + " failed: Properties.Image '" + p.image() + "' was not found (" + d.message()
                    + "); check the image's project and name, or use an image family");
        }
        if (p != null && code == StatusCode.Code.NOT_FOUND && d.message().contains("machineTypes")) {
            return new PluginException("gcp " + action + " failed: Properties.MachineType '" + p.machineType() + "' does not exist in " + where);
        }
        return new PluginException(base);
    }

    /** Credentials that could not give or refresh an access token fail before any answer (gax says UNKNOWN). */
    private static boolean credentialsFailed(ApiException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("access token") || m.contains("refresh") || m.contains("invalid_grant")) {
                return true;
            }
        }
        return false;
    }

    /** The error of a finished operation, or null when it succeeded. */
    static PluginException explain(String action, Operation op, GcpProperties p, String where) {
        if (!op.hasError() || op.getError().getErrorsCount() == 0) {
            return null;
        }
        Errors first = op.getError().getErrors(0);
        String base = "gcp " + action + " failed: " + first.getCode() + ": " + first.getMessage();
        if (QUOTA.contains(first.getCode())) {
            return new PluginException(base + " (a quota or the zone's capacity was reached in " + where
                    + ": ask for a higher quota, choose another MachineType or zone, or make the group smaller)");
        }
        if (p != null && first.getCode().equals("RESOURCE_NOT_FOUND") && first.getMessage().contains("/images/")) {
            return new PluginException("gcp " + action + " failed: Properties.Image '" + p.image() + "' was not found (" + first.getMessage() + ")");
        }
        return new PluginException(base);
    }
}
