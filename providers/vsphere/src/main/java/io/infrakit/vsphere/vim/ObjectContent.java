package io.infrakit.vsphere.vim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object of a property-collector answer: its reference and the properties asked for (by
 * property path, e.g. {@code runtime.powerState}), each as the XML of its value.
 */
public record ObjectContent(Moref obj, Map<String, XmlNode> props) {

    static ObjectContent of(XmlNode objectContent) {
        Moref obj = objectContent.child("obj").orElseThrow().moref();
        Map<String, XmlNode> props = new LinkedHashMap<>();
        for (XmlNode p : objectContent.all("propSet")) {
            p.child("val").ifPresent(v -> props.put(p.text("name"), v));
        }
        return new ObjectContent(obj, props);
    }

    /** A property's text, or null when absent. */
    public String text(String path) {
        XmlNode v = props.get(path);
        return v == null ? null : v.text();
    }

    /** A reference-valued property, or null. */
    public Moref ref(String path) {
        XmlNode v = props.get(path);
        return v == null || v.text().isEmpty() ? null : v.moref();
    }

    /** The items of an array-valued property ({@code ArrayOfX} holds one child per item). */
    public List<XmlNode> items(String path) {
        XmlNode v = props.get(path);
        return v == null ? List.of() : v.children();
    }

    /** The references of an array-of-references property. */
    public List<Moref> refs(String path) {
        List<Moref> out = new ArrayList<>();
        for (XmlNode n : items(path)) {
            out.add(n.moref());
        }
        return out;
    }
}
