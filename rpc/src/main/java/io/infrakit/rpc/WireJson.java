package io.infrakit.rpc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The JSON mapper for the wire. Go's encoding/json is strict about types (a string is not a bool),
 * ignores unknown fields and writes map keys sorted; we do the same so that both sides agree.
 */
public final class WireJson {

    private static final ObjectMapper MAPPER = create();

    private WireJson() {
    }

    /** The shared, fully configured mapper (configured once here, never changed afterwards). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A new mapper with the wire settings, for callers that want their own. A group's description is written by
     * hand ({@link DescriptionWriters}), in the same bytes as {@link #beanSerializersOnly()} writes it.
     */
    public static ObjectMapper create() {
        ObjectMapper mapper = beanSerializersOnly();
        mapper.registerModule(DescriptionWriters.module());
        return mapper;
    }

    /** The wire settings with Jackson's own serializers for every type: what the hand-written writers must match (tests). */
    public static ObjectMapper beanSerializersOnly() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        // Strings stay strings: a number or a bool where a string is expected is a caller's mistake.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
