package io.infrakit.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.spi.instance.InstanceDescription;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the key a controller uses for a group member: what an ingress registers in a balancer (an
 * address), what an enrollment enrolls. InfraKit wrote it as a template, {@code {{.ID}}} or
 * {@code {{.Properties.IP}}}; we take the same single-field forms: {@code ID}, {@code LogicalID},
 * {@code Tags.NAME}, {@code Properties.A.B...}, with or without the braces and the dot. Blank means
 * "the member's address": the first of the usual address properties a provider reports.
 */
public final class KeySelector {

    private static final Pattern TEMPLATE = Pattern.compile("\\s*\\{\\{-?\\s*\\.?([A-Za-z0-9_.-]+)\\s*-?}}\\s*");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    /** Where providers put an address: Docker's IPAddresses by network, libvirt's and clouds' names. */
    private static final List<String> ADDRESS_PROPERTIES = List.of("IPAddresses", "IPAddress", "IP", "PrivateIpAddress",
            "PrivateIP", "Address", "ipAddress", "ip");

    private final String text;
    private final List<String> path;

    private KeySelector(String text, List<String> path) {
        this.text = text;
        this.path = path;
    }

    public static KeySelector address() {
        return new KeySelector("", List.of());
    }

    /** Parses a selector; throws IllegalArgumentException with the accepted forms. */
    public static KeySelector parse(String text) {
        if (text == null || text.isBlank()) {
            return address();
        }
        String body = text.trim();
        Matcher m = TEMPLATE.matcher(text);
        if (m.matches()) {
            body = m.group(1);
        } else if (body.startsWith(".")) {
            body = body.substring(1);
        }
        if (!PATH.matcher(body).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a field selector: use ID, Tags.NAME or Properties.A.B"
                    + " (optionally as {{.ID}}), or leave it out for the member's address");
        }
        List<String> parts = List.of(body.split("\\."));
        String head = parts.get(0);
        boolean ok = switch (head) {
            case "ID", "LogicalID" -> parts.size() == 1;
            case "Tags" -> parts.size() == 2;
            case "Properties" -> parts.size() >= 2;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("'" + text + "' selects nothing a member has: use ID, LogicalID, Tags.NAME or Properties.A.B");
        }
        return new KeySelector(text, parts);
    }

    /** Whether this selector reads the members' Properties (DescribeInstances with properties=true). */
    public boolean needsProperties() {
        return path.isEmpty() || path.get(0).equals("Properties");
    }

    /** The member's key, or null when it has none (yet: a container without an address). */
    public String select(InstanceDescription d) {
        if (path.isEmpty()) {
            return address(d.properties());
        }
        return switch (path.get(0)) {
            case "ID" -> d.id();
            case "LogicalID" -> d.logicalId();
            case "Tags" -> d.tags() == null ? null : d.tags().get(path.get(1));
            default -> {
                JsonNode n = d.properties();
                for (String p : path.subList(1, path.size())) {
                    n = n == null ? null : n.get(p);
                }
                yield n == null || n.isNull() || n.isContainerNode() ? null : blankToNull(n.asText());
            }
        };
    }

    private static String address(JsonNode props) {
        if (props == null) {
            return null;
        }
        for (String name : ADDRESS_PROPERTIES) {
            JsonNode n = props.get(name);
            if (n == null) {
                continue;
            }
            if (n.isTextual()) {
                return blankToNull(n.asText());
            }
            if (n.isObject() || n.isArray()) {
                Iterator<JsonNode> values = n.elements();
                while (values.hasNext()) {
                    JsonNode v = values.next();
                    if (v.isTextual() && !v.asText().isBlank()) {
                        return v.asText();
                    }
                }
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "the member's address" : text;
    }

    /** For tests and status: a selector's view of a map of tags. */
    static String tag(Map<String, String> tags, String name) {
        return tags == null ? null : tags.get(name);
    }
}
