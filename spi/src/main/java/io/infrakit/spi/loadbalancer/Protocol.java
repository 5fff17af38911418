package io.infrakit.spi.loadbalancer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** A route's network protocol, spelt on the wire as InfraKit does ({@code "TCP"}), read in any case. */
public enum Protocol {
    HTTP, HTTPS, TCP, SSL, UDP;

    @JsonValue
    public String wire() {
        return name();
    }

    /** Parses {@code tcp}, {@code TCP}, ...; refuses anything else naming the choices. */
    @JsonCreator
    public static Protocol parse(String text) {
        if (text != null) {
            for (Protocol p : values()) {
                if (p.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("protocol '" + text + "' is not one of " + Arrays.toString(values()));
    }
}
