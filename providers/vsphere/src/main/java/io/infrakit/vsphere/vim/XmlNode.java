package io.infrakit.vsphere.vim;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One element of a SOAP answer, read with StAX into a small tree: its local name, its
 * {@code xsi:type} (vim25 marks polymorphic values with it), its {@code type} attribute (a
 * managed object reference's type), its text and its child elements.
 */
public record XmlNode(String name, String xsiType, String typeAttribute, String text, List<XmlNode> children) {

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** A factory per parse: the JDK's is cheap to make (no service lookup) and not promised thread-safe. */
    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        // A server's answer never needs a DTD or external entities: refuse them (XXE).
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    /** Parses a whole document; its root element is returned. */
    public static XmlNode parse(String xml) {
        try {
            XMLStreamReader r = newFactory().createXMLStreamReader(new StringReader(xml));
            Deque<Builder> stack = new ArrayDeque<>();
            XmlNode root = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String xsi = r.getAttributeValue(XSI, "type");
                    if (xsi != null && xsi.indexOf(':') >= 0) {
                        xsi = xsi.substring(xsi.indexOf(':') + 1);
                    }
                    stack.push(new Builder(r.getLocalName(), xsi, plainType(r)));
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (!stack.isEmpty()) {
                        stack.peek().text.append(r.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    XmlNode done = stack.pop().build();
                    if (stack.isEmpty()) {
                        root = done;
                    } else {
                        stack.peek().children.add(done);
                    }
                }
            }
            if (root == null) {
                throw new IllegalArgumentException("no XML element");
            }
            return root;
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
        }
    }

    /** The {@code type} attribute without a namespace (getAttributeValue(null, ...) would match xsi:type too). */
    private static String plainType(XMLStreamReader r) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            if ((ns == null || ns.isEmpty()) && "type".equals(r.getAttributeLocalName(i))) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    private static final class Builder {
        final String name;
        final String xsi;
        final String type;
        final StringBuilder text = new StringBuilder();
        final List<XmlNode> children = new ArrayList<>();

        Builder(String name, String xsi, String type) {
            this.name = name;
            this.xsi = xsi;
            this.type = type;
        }

        XmlNode build() {
            return new XmlNode(name, xsi, type, children.isEmpty() ? text.toString() : text.toString().strip(), List.copyOf(children));
        }
    }

    /** The first child named {@code child}. */
    public Optional<XmlNode> child(String child) {
        for (XmlNode c : children) {
            if (c.name.equals(child)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Every child named {@code child}, in document order. */
    public List<XmlNode> all(String child) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(child)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The text of the first child named {@code child}, or null. */
    public String text(String child) {
        return child(child).map(XmlNode::text).orElse(null);
    }

    /** The first descendant (depth first) named {@code name}, this node included. */
    public Optional<XmlNode> find(String wanted) {
        if (name.equals(wanted)) {
            return Optional.of(this);
        }
        for (XmlNode c : children) {
            Optional<XmlNode> f = c.find(wanted);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /** Whether this element or one below it is marked {@code xsi:type="type"}. */
    public boolean hasXsiType(String type) {
        if (type.equals(xsiType)) {
            return true;
        }
        for (XmlNode c : children) {
            if (c.hasXsiType(type)) {
                return true;
            }
        }
        return false;
    }

    /** This element read as a managed object reference. */
    public Moref moref() {
        return new Moref(typeAttribute == null ? xsiType : typeAttribute, text);
    }
}
