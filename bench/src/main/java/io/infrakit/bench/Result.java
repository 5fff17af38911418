package io.infrakit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: {@code data} becomes its JSON object (insertion order kept), {@code rows}
 * its lines in the summary table.
 */
public final class Result {

    /** One line of the summary table; {@code status} is "ok", "MISSED" or "-" (no target). */
    public record Row(String scenario, String metric, String value, String target, String status) {
    }

    private final String scenario;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    public Result(String scenario) {
        this.scenario = scenario;
        data.put("scenario", scenario);
    }

    public String scenario() {
        return scenario;
    }

    public Result put(String key, Object value) {
        data.put(key, value);
        return this;
    }

    public Map<String, Object> data() {
        return data;
    }

    public List<Row> rows() {
        return rows;
    }

    /** A figure without a target. */
    public void row(String metric, String value) {
        rows.add(new Row(scenario, metric, value, "", "-"));
    }

    /** A figure with a target it meets or misses. */
    public void row(String metric, String value, String target, boolean met) {
        rows.add(new Row(scenario, metric, value, target, met ? "ok" : "MISSED"));
    }
}
