package io.infrakit.spi.controller;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@code Controller.Commit} asks for; on the wire InfraKit sends the ordinal (0 enforce, 1 destroy). */
public enum Operation {
    /** Create, update or reconcile the object to match the spec. */
    ENFORCE,
    /** Destroy the object (implies free). Only the spec's metadata is needed. */
    DESTROY;

    @JsonValue
    public int code() {
        return ordinal();
    }

    @JsonCreator
    public static Operation of(int code) {
        Operation[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("Operation " + code + " is not known: use 0 (enforce) or 1 (destroy)");
        }
        return all[code];
    }
}
