package io.infrakit.libvirt;

import java.util.Map;

/** libvirt's size units ({@code KiB} = 1024 bytes, {@code KB} = 1000 bytes, ...). */
final class Units {

    private static final Map<String, Long> FACTORS = Map.ofEntries(
            Map.entry("b", 1L), Map.entry("bytes", 1L),
            Map.entry("KB", 1000L), Map.entry("k", 1024L), Map.entry("KiB", 1024L),
            Map.entry("MB", 1000_000L), Map.entry("M", 1L << 20), Map.entry("MiB", 1L << 20),
            Map.entry("GB", 1000_000_000L), Map.entry("G", 1L << 30), Map.entry("GiB", 1L << 30),
            Map.entry("TB", 1000_000_000_000L), Map.entry("T", 1L << 40), Map.entry("TiB", 1L << 40));

    private Units() {
    }

    static long toBytes(long value, String unit) {
        Long factor = FACTORS.get(unit == null ? "b" : unit);
        if (factor == null) {
            throw new IllegalArgumentException("unknown unit '" + unit + "'");
        }
        return Math.multiplyExact(value, factor);
    }
}
