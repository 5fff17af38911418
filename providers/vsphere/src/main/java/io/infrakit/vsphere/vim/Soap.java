package io.infrakit.vsphere.vim;

import java.util.Collection;

/**
 * Writes the body of vim25 requests. Elements are appended in the order the vim25 WSDL declares
 * them (a real vCenter refuses another order); text is escaped. Polymorphic values carry
 * {@code xsi:type}.
 */
public final class Soap {

    private final StringBuilder out = new StringBuilder(256);

    public static Soap request() {
        return new Soap();
    }

    /** {@code <name>text</name>}; nothing when text is null. */
    public Soap el(String name, Object text) {
        if (text != null) {
            out.append('<').append(name).append('>');
            escape(String.valueOf(text));
            out.append("</").append(name).append('>');
        }
        return this;
    }

    /** Escaped text inside the element last opened. */
    public Soap text(Object text) {
        escape(String.valueOf(text));
        return this;
    }

    /** One element per value. */
    public Soap each(String name, Collection<?> values) {
        for (Object v : values) {
            el(name, v);
        }
        return this;
    }

    /** {@code <name type="T">value</name>}: a managed object reference. */
    public Soap ref(String name, Moref ref) {
        if (ref != null) {
            out.append('<').append(name).append(" type=\"");
            escape(ref.type());
            out.append("\">");
            escape(ref.value());
            out.append("</").append(name).append('>');
        }
        return this;
    }

    /** Opens {@code <name>}, or {@code <name xsi:type="T">} when xsiType is not null. */
    public Soap open(String name, String xsiType) {
        out.append('<').append(name);
        if (xsiType != null) {
            out.append(" xsi:type=\"").append(xsiType).append('"');
        }
        out.append('>');
        return this;
    }

    public Soap open(String name) {
        return open(name, null);
    }

    public Soap close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** Appends another fragment as it is (already escaped). */
    public Soap raw(Soap fragment) {
        out.append(fragment.out);
        return this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // XML 1.0 has no way to carry other control characters: drop them.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** The whole envelope around a method's body. */
    static String envelope(String method, Moref target, Soap body) {
        Soap s = new Soap();
        s.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"")
                .append(" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>")
                .append('<').append(method).append(" xmlns=\"urn:vim25\">");
        s.ref("_this", target);
        s.out.append(body.out);
        s.out.append("</").append(method).append("></soapenv:Body></soapenv:Envelope>");
        return s.out.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
