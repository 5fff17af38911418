package io.infrakit.cloudstack;

import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request side of the fake CloudStack ({@link FakeCloudStack}): parameters from a query or a
 * form body, the server's check of the signature (written apart from the plugin's RequestSigner,
 * from CloudStack's documentation), paging and CloudStack's error answers.
 */
final class FakeApi {

    private FakeApi() {
    }

    static final class ApiError extends RuntimeException {
        final int code;

        ApiError(int code, String text) {
            super(text);
            this.code = code;
        }
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** The server side of the documented algorithm, written apart from the plugin's RequestSigner. */
    static void checkSignature(Map<String, String> params, String apiKeyWanted, String secretKey) {
        String apiKey = params.get("apikey");
        String signature = params.get("signature");
        if (apiKey == null || signature == null) {
            throw new ApiError(401, "unable to verify user credentials and/or request signature");
        }
        if (!apiKey.equals(apiKeyWanted)) {
            throw new ApiError(401, "unable to verify user credentials and/or request signature");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("signature")) {
                sorted.put(k.toLowerCase(Locale.ROOT), URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        });
        StringBuilder unsigned = new StringBuilder();
        sorted.forEach((k, v) -> unsigned.append(unsigned.isEmpty() ? "" : "&").append(k).append('=').append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal(unsigned.toString().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
            if (!expected.equals(signature)) {
                throw new ApiError(401, "unable to verify user credentials and/or request signature");
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> page(List<JsonNode> all, Map<String, String> p) {
        if (!p.containsKey("page")) {
            return all;
        }
        if (!p.containsKey("pagesize")) {
            throw new ApiError(431, "Page size must be specified with page");
        }
        int page = Integer.parseInt(p.get("page"));
        int size = Integer.parseInt(p.get("pagesize"));
        int from = Math.min(all.size(), (page - 1) * size);
        return all.subList(from, Math.min(all.size(), from + size));
    }

    static String need(Map<String, String> p, String name, String command) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw new ApiError(431, "Unable to execute API command " + command.toLowerCase(Locale.ROOT) + " due to missing parameter " + name);
        }
        return v;
    }

}
