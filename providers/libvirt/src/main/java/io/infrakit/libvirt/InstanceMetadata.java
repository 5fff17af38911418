package io.infrakit.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the plugin keeps in a domain's {@code <metadata>} under its own XML namespace: the tags,
 * the logical ID and the volumes the instance owns (deleted with it). libvirt stores it with the
 * domain, so DescribeInstances needs no state of its own and survives restarts of the plugin.
 */
public record InstanceMetadata(String logicalId, Map<String, String> tags, List<VolumeRef> volumes) {

    public static final String NAMESPACE = "https://infrakit.io/xmlns/libvirt/instance/1";
    public static final String PREFIX = "infrakit";
    public static final String ROOT = "instance";

    /** A volume in a storage pool, owned by one instance. */
    public record VolumeRef(@com.fasterxml.jackson.annotation.JsonProperty("Pool") String pool,
                            @com.fasterxml.jackson.annotation.JsonProperty("Name") String name) {
    }

    public InstanceMetadata {
        tags = Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
    }

    public InstanceMetadata withTags(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        return new InstanceMetadata(logicalId, merged, volumes);
    }

    /** Appends {@code <infrakit:instance>} to {@code parent} (a domain's {@code <metadata>}). */
    public Element appendTo(Document doc, Node parent) {
        return appendTo(doc, parent, true);
    }

    private Element appendTo(Document doc, Node parent, boolean namespaced) {
        java.util.function.Function<String, Element> create = name -> namespaced
                ? doc.createElementNS(NAMESPACE, PREFIX + ":" + name) : doc.createElement(name);
        Element root = create.apply(ROOT);
        if (logicalId != null) {
            Element e = create.apply("logical-id");
            e.setTextContent(logicalId);
            root.appendChild(e);
        }
        tags.forEach((k, v) -> {
            Element e = create.apply("tag");
            e.setAttribute("key", k);
            e.setTextContent(v);
            root.appendChild(e);
        });
        for (VolumeRef v : volumes) {
            Element e = create.apply("volume");
            e.setAttribute("pool", v.pool());
            e.setAttribute("name", v.name());
            root.appendChild(e);
        }
        parent.appendChild(root);
        return root;
    }

    /**
     * The metadata element alone and without namespace, as virDomainSetMetadata wants it: libvirt
     * puts it into {@link #NAMESPACE} itself (given the key {@link #PREFIX}).
     */
    public String toFragment() {
        Document doc = Xml.newDocument();
        appendTo(doc, doc, false);
        return Xml.toString(doc, false);
    }

    /** Reads ours from a domain's XML; null when the domain is not one of ours. */
    public static InstanceMetadata fromDomainXml(Document domainXml) {
        NodeList found = domainXml.getElementsByTagNameNS(NAMESPACE, ROOT);
        if (found.getLength() == 0) {
            return null;
        }
        Element root = (Element) found.item(0);
        String logicalId = null;
        Map<String, String> tags = new LinkedHashMap<>();
        List<VolumeRef> volumes = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !NAMESPACE.equals(e.getNamespaceURI())) {
                continue;
            }
            switch (e.getLocalName()) {
                case "logical-id" -> logicalId = e.getTextContent();
                case "tag" -> tags.put(e.getAttribute("key"), e.getTextContent());
                case "volume" -> volumes.add(new VolumeRef(e.getAttribute("pool"), e.getAttribute("name")));
                default -> { } // written by a newer plugin version: keep reading what we know
            }
        }
        return new InstanceMetadata(logicalId, tags, volumes);
    }
}
