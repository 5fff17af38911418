package io.infrakit.spi.event;

import io.infrakit.spi.InterfaceSpec;

import java.util.List;

/**
 * InfraKit's {@code Event/0.1.0} as a call: the tree of topics ({@code Event.List}). The events
 * themselves are not a call but a stream ({@code GET /events?topic=T} on the plugin's socket), which
 * a plugin serving an {@link EventHistory} offers.
 * <p>
 * A topic is a path of names separated by {@code /}; {@code "."} or {@code ""} is the root. A topic
 * ending in {@code /} (and the root) matches everything under it; any other matches itself only.
 */
public interface EventPlugin {

    InterfaceSpec SPEC = new InterfaceSpec("Event", "0.1.0");

    /** The child names of {@code topic} (the root's when "." or ""), sorted; empty for a leaf or an unknown topic. */
    List<String> list(String topic);

    /** Whether {@code subscribed} matches an event published to {@code eventTopic} (see the class comment). */
    static boolean matches(String subscribed, String eventTopic) {
        String s = normalise(subscribed);
        if (s.isEmpty()) {
            return true;
        }
        String e = normalise(eventTopic);
        return subscribed.endsWith("/") ? e.startsWith(s + "/") || e.equals(s) : e.equals(s);
    }

    /** Without leading and trailing slashes; "." is the root, "". */
    static String normalise(String topic) {
        if (topic == null) {
            return "";
        }
        String t = topic.trim();
        if (t.equals(".") || t.equals("/")) {
            return "";
        }
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
