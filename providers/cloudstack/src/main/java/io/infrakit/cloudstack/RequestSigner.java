package io.infrakit.cloudstack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CloudStack's request signature, as its API guide defines it ("Signing API Requests"): every
 * parameter except {@code signature}, its value URL-encoded (spaces as {@code %20}, never
 * {@code +}), sorted by name, joined with {@code &}, the whole string lower-cased, then
 * HMAC-SHA1 with the secret key and base64. The management server recomputes it the same way
 * with Java's URLEncoder, which is why this class uses it too.
 */
public final class RequestSigner {

    private RequestSigner() {
    }

    /** A value encoded as CloudStack encodes it for signing and for the query string. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The sorted, encoded, lower-cased command string that is signed. */
    public static String canonical(Map<String, String> params) {
        // Sorted by name (the server sorts the names, then joins name=encoded-value and lower-cases it all).
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!e.getKey().equalsIgnoreCase("signature")) {
                sorted.put(e.getKey().toLowerCase(Locale.ROOT), encode(e.getValue()).toLowerCase(Locale.ROOT));
            }
        }
        List<String> pairs = new ArrayList<>();
        sorted.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join("&", pairs);
    }

    /** The base64 signature (not yet URL-encoded) of {@code params} under {@code secretKey}. */
    public static String sign(Map<String, String> params, String secretKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(canonical(params).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }

    /** The query string (or form body) to send: the parameters as given plus {@code signature}. */
    public static String signedQuery(Map<String, String> params, String secretKey) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            q.append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('&');
        }
        return q.append("signature=").append(encode(sign(params, secretKey))).toString();
    }
}
