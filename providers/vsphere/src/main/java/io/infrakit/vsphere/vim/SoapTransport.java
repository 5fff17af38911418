package io.infrakit.vsphere.vim;

import io.infrakit.spi.PluginException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Posts vim25 SOAP envelopes to {@code https://HOST/sdk} over the JDK's HTTP client and reads the
 * answers. Holds the session cookie vCenter sets at login, and counts every call per method (how
 * tests prove that a listing costs a constant number of calls). Nothing here logs a request body:
 * Login carries the password.
 */
public final class SoapTransport {

    static final String COOKIE = "vmware_soap_session";

    private final URI sdk;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile String session; // the cookie's value; null before login

    public SoapTransport(URI sdk, SSLContext ssl, Duration requestTimeout) {
        this.sdk = sdk;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
    }

    public URI sdk() {
        return sdk;
    }

    /**
     * Calls {@code method} on {@code target} and returns the method's response element
     * ({@code <MethodResponse>}, whose {@code returnval} children are the result).
     *
     * @param timeout this call's timeout, longer than the default for WaitForUpdatesEx
     */
    public XmlNode call(String method, Moref target, Soap body, Duration timeout) {
        return call(method, target, body, timeout, true);
    }

    /**
     * @param withSession false to send no session cookie (Login: a server may refuse a login
     *                    inside a session, and other threads keep using the current one meanwhile)
     */
    public XmlNode call(String method, Moref target, Soap body, Duration timeout, boolean withSession) {
        calls.computeIfAbsent(method, m -> new LongAdder()).increment();
        String envelope = Soap.envelope(method, target, body);
        HttpRequest.Builder req = HttpRequest.newBuilder(sdk)
                .timeout(timeout == null ? requestTimeout : timeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"urn:vim25/6.5\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
        String s = session;
        if (s != null && withSession) {
            req.header("Cookie", COOKIE + "=" + s);
        }
        HttpResponse<String> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new UnreachableException("vsphere " + method + ": " + sdk + " did not answer within "
                    + (timeout == null ? requestTimeout : timeout).toSeconds() + " s; check the url option and that vCenter is up", e);
        } catch (SSLHandshakeException e) {
            throw new UnreachableException("vsphere " + method + ": the TLS certificate of " + sdk.getHost()
                    + " is not trusted (" + why(e) + "); give the CA that signed it with --opt vsphere.ca-file=PATH"
                    + " (or, for a lab only, --opt vsphere.insecure=true)", e);
        } catch (ConnectException e) {
            throw new UnreachableException("vsphere " + method + ": cannot connect to " + sdk.getHost() + ":" + port()
                    + " (connection refused); check the url option and that vCenter is up", e);
        } catch (IOException e) {
            throw new UnreachableException("vsphere " + method + ": cannot reach " + sdk + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); check the url option", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("vsphere " + method + ": interrupted");
        }
        response.headers().allValues("set-cookie").forEach(this::takeCookie);
        return answer(method, response.statusCode(), response.body());
    }

    /** GET of a guest file transfer URL (it carries its own ticket): the body, at most {@code maxBytes}. */
    public byte[] get(URI url, long maxBytes) {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(requestTimeout).GET().build();
        HttpResponse<java.io.InputStream> r = transfer("GET", url, req, HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new PluginException("vsphere: GET of a guest file answered HTTP " + r.statusCode() + " from " + url.getHost());
            }
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) {
                throw new PluginException("vsphere: the guest file is over the limit of " + maxBytes + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new UnreachableException("vsphere: reading a guest file from " + url.getHost() + " failed (" + e.getMessage() + ")", e);
        }
    }

    /** PUT of bytes to a guest file transfer URL. */
    public void put(URI url, byte[] content) {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        HttpResponse<String> r = transfer("PUT", url, req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new PluginException("vsphere: PUT of a guest file answered HTTP " + r.statusCode() + " from " + url.getHost());
        }
    }

    private <T> HttpResponse<T> transfer(String verb, URI url, HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        calls.computeIfAbsent(verb + " guestFile", m -> new LongAdder()).increment();
        try {
            return http.send(req, handler);
        } catch (HttpTimeoutException e) {
            throw new UnreachableException("vsphere: " + verb + " of a guest file on " + url.getHost() + " did not finish within "
                    + requestTimeout.toSeconds() + " s (option request-timeout)", e);
        } catch (IOException e) {
            throw new UnreachableException("vsphere: " + verb + " of a guest file on " + url.getHost() + " failed ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); the ESXi host must be reachable from the plugin", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("vsphere: " + verb + " of a guest file: interrupted");
        }
    }

    /** The JDK's handshake failure in words (its own text names internal classes). */
    private static String why(SSLHandshakeException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("PKIX") || m.contains("certification path")) {
            return "no trusted CA signed it";
        }
        if (m.contains("subject alternative") || m.contains("No name matching")) {
            return "it is not made out to the host the url names";
        }
        if (m.contains("expired") || m.contains("NotAfter")) {
            return "it has expired";
        }
        return "the TLS handshake failed";
    }

    private int port() {
        return sdk.getPort() > 0 ? sdk.getPort() : 443;
    }

    private void takeCookie(String header) {
        String first = header.split(";", 2)[0].trim();
        if (first.startsWith(COOKIE + "=")) {
            String value = first.substring(COOKIE.length() + 1).replace("\"", "");
            if (!value.isEmpty()) {
                session = value;
            }
        }
    }

    private XmlNode answer(String method, int status, String body) {
        XmlNode root;
        try {
            root = XmlNode.parse(body);
        } catch (IllegalArgumentException e) {
            throw new PluginException("vsphere " + method + ": " + sdk + " answered HTTP " + status
                    + " without a SOAP envelope; is the url the SDK endpoint (https://VCENTER/sdk)?");
        }
        XmlNode soapBody = root.child("Body").orElseThrow(() -> new PluginException(
                "vsphere " + method + ": " + sdk + " answered HTTP " + status + " with no SOAP body; is the url https://VCENTER/sdk?"));
        XmlNode fault = soapBody.child("Fault").orElse(null);
        if (fault != null) {
            throw fault(method, fault);
        }
        XmlNode first = soapBody.children().isEmpty() ? null : soapBody.children().getFirst();
        if (first == null || status >= 400) {
            throw new PluginException("vsphere " + method + ": " + sdk + " answered HTTP " + status + " without a result");
        }
        return first;
    }

    static VimFault fault(String method, XmlNode fault) {
        String message = fault.text("faultstring");
        String name = fault.child("detail").filter(d -> !d.children().isEmpty())
                .map(d -> d.children().getFirst())
                .map(d -> d.xsiType() != null ? d.xsiType() : d.name())
                .orElse(fault.text("faultcode"));
        return new VimFault(method, stripFault(name), message);
    }

    static String stripFault(String name) {
        if (name == null) {
            return "Fault";
        }
        return name.endsWith("Fault") && name.length() > 5 ? name.substring(0, name.length() - 5) : name;
    }

    /** The session cookie's value, or null (compared, never shown). */
    String session() {
        return session;
    }

    /** Whether a session cookie is held. */
    public boolean hasSession() {
        return session != null;
    }

    /** Forgets the session (after logout, or to log in afresh). */
    public void dropSession() {
        session = null;
    }

    /** Calls made so far, per method name (sorted). */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Calls made so far in all. */
    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public String toString() {
        return "SoapTransport[" + sdk + "]";
    }
}
