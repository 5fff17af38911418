package io.infrakit.controllers.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Prometheus' HTTP API, the one call the autoscaler needs: an instant query
 * ({@code GET /api/v1/query?query=...}). A vector's samples are added up; an empty result is "no data".
 */
public final class PrometheusClient {

    /** What a query gave: a value, nothing, or an error (with Prometheus' errorType, e.g. bad_data). */
    public record Result(Double value, String errorType, String error) {
        public boolean unparsable() {
            return "bad_data".equals(errorType);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    public PrometheusClient(URI base) {
        this.base = base;
    }

    public Result query(String promql) {
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Result(null, "unreachable", "Prometheus at " + base + " did not answer ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted", "interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return new Result(null, "bad_response", "Prometheus at " + base + " answered HTTP " + r.statusCode() + " without JSON");
        }
        if (!"success".equals(body.path("status").asText())) {
            return new Result(null, body.path("errorType").asText("error"), body.path("error").asText("query failed"));
        }
        JsonNode data = body.path("data");
        JsonNode result = data.path("result");
        switch (data.path("resultType").asText()) {
            case "scalar" -> {
                return new Result(number(result.path(1).asText()), null, null);
            }
            case "vector" -> {
                if (result.isEmpty()) {
                    return new Result(null, null, null);
                }
                double sum = 0;
                for (JsonNode sample : result) {
                    sum += number(sample.path("value").path(1).asText());
                }
                return new Result(sum, null, null);
            }
            default -> {
                return new Result(null, "bad_data", "the query gives a " + data.path("resultType").asText()
                        + ", not a number: write an instant vector or a scalar, e.g. sum(rate(x[1m]))");
            }
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
