package io.infrakit.spi.instance;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why an instance is destroyed. InfraKit defines {@code terminate} and {@code rolling_update}. */
public record DestroyContext(@JsonProperty("Reason") String reason) {
    public static final String TERMINATE = "terminate";
    public static final String ROLLING_UPDATE = "rolling_update";

    public static DestroyContext terminate() {
        return new DestroyContext(TERMINATE);
    }

    public static DestroyContext rollingUpdate() {
        return new DestroyContext(ROLLING_UPDATE);
    }
}
