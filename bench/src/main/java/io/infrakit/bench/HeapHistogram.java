package io.infrakit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code jcmd PID GC.class_histogram}: live bytes in all, and the classes holding the most.
 *
 * @param totalBytes live heap after the full collection jcmd asks for
 * @param top        the largest classes, as printed (instances, bytes, class name), largest first
 */
public record HeapHistogram(long totalBytes, List<Line> top) {

    /** One row of the histogram. */
    public record Line(long instances, long bytes, String className) {
    }

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final int TOP = 20;

    static HeapHistogram parse(String text) {
        List<Line> top = new ArrayList<>();
        long total = -1;
        for (String line : text.split("\\R")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                if (top.size() < TOP) {
                    top.add(new Line(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3)));
                }
                continue;
            }
            Matcher t = TOTAL.matcher(line.strip());
            if (t.matches()) {
                total = Long.parseLong(t.group(2));
            }
        }
        if (total < 0) {
            throw new IllegalStateException("no Total line in the class histogram: "
                    + text.substring(0, Math.min(200, text.length())));
        }
        return new HeapHistogram(total, List.copyOf(top));
    }

    public double totalMiB() {
        return totalBytes / (1024.0 * 1024.0);
    }

    /** The top rows as JSON-friendly maps: class, instances, KiB. */
    public List<Object> topAsMaps() {
        List<Object> out = new ArrayList<>();
        for (Line l : top) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", l.className());
            m.put("instances", l.instances());
            m.put("kib", Stats.round(l.bytes() / 1024.0));
            out.add(m);
        }
        return out;
    }
}
