package io.infrakit.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.infrakit.spi.group.GroupDescription;
import io.infrakit.spi.instance.CompactTags;
import io.infrakit.spi.instance.InstanceDescription;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hand-written JSON writers for a group's description, which DescribeGroup sends with every member (polled
 * every few milliseconds while a group of 1,000 converges). Jackson's bean serializers went through property
 * writers, a sorted copy of each member's tags ({@code ORDER_MAP_ENTRIES_BY_KEYS}) and per-value serializer
 * lookups: about 13% of a cold daemon's CPU during its first converge. These write the same bytes as those
 * serializers (same member order, {@code Properties} and {@code Status} left out when null, tags sorted by name,
 * null values written as null) straight to the generator, so pretty printers and token buffers work as before.
 * What they do not handle themselves (a tags map that is not {@link CompactTags}, Properties, Status) goes to
 * Jackson's own serializers. {@code DescriptionWritersTest} compares the bytes with Jackson's.
 */
final class DescriptionWriters {

    private static final SerializedString INSTANCES = new SerializedString("Instances");
    private static final SerializedString CONVERGED = new SerializedString("Converged");
    private static final SerializedString ID = new SerializedString("ID");
    private static final SerializedString LOGICAL_ID = new SerializedString("LogicalID");
    private static final SerializedString TAGS = new SerializedString("Tags");

    private DescriptionWriters() {
    }

    /** The writers, as a module for the wire mapper. */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("infrakit-description-writers");
        m.addSerializer(InstanceDescription.class, new Member());
        m.addSerializer(GroupDescription.class, new Group());
        return m;
    }

    /** {@code {"ID":..,"LogicalID":..,"Tags":{..}[,"Properties":..]}}, as {@link InstanceDescription}'s annotations say. */
    static final class Member extends StdSerializer<InstanceDescription> {

        /** At most this many tag names kept quoted: a daemon's groups share a handful. */
        private static final int NAMES_KEPT = 256;

        /** Tag names, quoted and UTF-8 encoded once (the same few on every member): written by a copy. */
        private final ConcurrentHashMap<String, SerializedString> names = new ConcurrentHashMap<>();

        Member() {
            super(InstanceDescription.class);
        }

        private void name(JsonGenerator g, String name, boolean plain) throws IOException {
            SerializedString quoted = plain ? names.get(name) : null;
            if (quoted == null && plain && names.size() < NAMES_KEPT) {
                quoted = names.computeIfAbsent(name, SerializedString::new);
            }
            if (quoted != null) {
                g.writeFieldName(quoted);
            } else {
                g.writeFieldName(name);
            }
        }

        @Override
        public void serialize(InstanceDescription d, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject(d);
            g.writeFieldName(ID);
            string(g, d.id());
            g.writeFieldName(LOGICAL_ID);
            string(g, d.logicalId());
            Map<String, String> tags = d.tags();
            if (tags instanceof CompactTags c) {
                // Already sorted by name (as ORDER_MAP_ENTRIES_BY_KEYS sorts), and walked without a copy.
                g.writeFieldName(TAGS);
                g.writeStartObject(c, c.size());
                // Pre-quoted names hold the default escaping only: a generator told to escape more writes each name.
                boolean plain = g.getCharacterEscapes() == null && !g.isEnabled(JsonGenerator.Feature.ESCAPE_NON_ASCII);
                for (int i = 0, n = c.size(); i < n; i++) {
                    name(g, c.nameAt(i), plain);
                    string(g, c.valueAt(i));
                }
                g.writeEndObject();
            } else {
                provider.defaultSerializeField("Tags", tags, g); // any other map (or null): Jackson's MapSerializer
            }
            if (d.properties() != null) {
                provider.defaultSerializeField("Properties", d.properties(), g);
            }
            g.writeEndObject();
        }
    }

    /** {@code {"Instances":[..],"Converged":..[,"Status":{..}]}}, as {@link GroupDescription}'s annotations say. */
    static final class Group extends StdSerializer<GroupDescription> {

        private final Member member = new Member();

        Group() {
            super(GroupDescription.class);
        }

        @Override
        public void serialize(GroupDescription d, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject(d);
            g.writeFieldName(INSTANCES);
            List<InstanceDescription> members = d.instances();
            if (members == null) {
                g.writeNull();
            } else {
                g.writeStartArray(members, members.size());
                for (InstanceDescription m : members) {
                    if (m == null) {
                        g.writeNull();
                    } else {
                        member.serialize(m, g, provider);
                    }
                }
                g.writeEndArray();
            }
            g.writeFieldName(CONVERGED);
            g.writeBoolean(d.converged());
            if (d.status() != null) {
                provider.defaultSerializeField("Status", d.status(), g);
            }
            g.writeEndObject();
        }
    }

    private static void string(JsonGenerator g, String s) throws IOException {
        if (s == null) {
            g.writeNull();
        } else {
            g.writeString(s);
        }
    }
}
