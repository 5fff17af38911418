package io.infrakit.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;

/** DOM helpers: the domain XML is built as a tree so that every value is escaped by the serializer. */
final class Xml {

    private Xml() {
    }

    static Document newDocument() {
        return builder().newDocument();
    }

    static Document parse(String xml) {
        try {
            return builder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalArgumentException("libvirt returned XML that does not parse: " + e.getMessage(), e);
        }
    }

    static String toString(Document doc, boolean indent) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, indent ? "yes" : "no");
            if (indent) {
                t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            }
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends {@code <name attr=value ...>} to {@code parent}; null attribute values are left out. */
    static Element child(Element parent, String name, String... attributes) {
        Element e = parent.getOwnerDocument().createElement(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                e.setAttribute(attributes[i], attributes[i + 1]);
            }
        }
        parent.appendChild(e);
        return e;
    }

    static Element text(Element parent, String name, String text, String... attributes) {
        Element e = child(parent, name, attributes);
        e.setTextContent(text);
        return e;
    }

    /** The first child element named {@code name} anywhere below {@code root}, or null. */
    static Element first(Element root, String name) {
        var list = root.getElementsByTagName(name);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // libvirt's XML never needs a DTD; refusing them keeps the parser from fetching anything.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
