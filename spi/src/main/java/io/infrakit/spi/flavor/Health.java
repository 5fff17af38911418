package io.infrakit.spi.flavor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A flavor's judgement of an instance; on the wire 0, 1 or 2. */
public enum Health {
    UNKNOWN(0), HEALTHY(1), UNHEALTHY(2);

    private final int code;

    Health(int code) {
        this.code = code;
    }

    @JsonValue
    public int code() {
        return code;
    }

    @JsonCreator
    public static Health of(int code) {
        for (Health h : values()) {
            if (h.code == code) {
                return h;
            }
        }
        throw new IllegalArgumentException("Health must be 0 (unknown), 1 (healthy) or 2 (unhealthy), not " + code);
    }
}
