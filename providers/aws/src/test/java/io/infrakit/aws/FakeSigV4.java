package io.infrakit.aws;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of AWS Signature Version 4, written from AWS's documentation ("Create a signed
 * AWS API request") for the fake EC2 ({@link FakeEc2}): it recomputes the signature of each
 * request from the access key's secret and compares. Nothing here comes from the SDK.
 */
final class FakeSigV4 {

    /** Why a request was refused: EC2's error code and message. */
    record Refusal(String code, String message) {
    }

    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, String> secrets;
    private final String region;

    /** @param secrets access key ID to secret access key */
    FakeSigV4(Map<String, String> secrets, String region) {
        this.secrets = secrets;
        this.region = region;
    }

    /** Null when the request is signed as SigV4 says, else why not. {@code header} reads a request header by lower-case name. */
    Refusal check(String method, String path, String query, Function<String, String> header, byte[] body) {
        String authorization = header.apply("authorization");
        if (authorization == null) {
            return new Refusal("MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        Matcher m = AUTH.matcher(authorization);
        if (!m.matches()) {
            return new Refusal("IncompleteSignature", "The request signature does not conform to AWS standards");
        }
        String accessKey = m.group(1), date = m.group(2), scopeRegion = m.group(3), service = m.group(4);
        String signedHeaders = m.group(5), signature = m.group(6);
        String secret = secrets.get(accessKey);
        if (secret == null) {
            return new Refusal("AuthFailure", "AWS was not able to validate the provided access credentials");
        }
        if (!scopeRegion.equals(region) || !service.equals("ec2")) {
            return new Refusal("AuthFailure", "Credential should be scoped to a valid region and service ec2, not '" + scopeRegion + "/" + service + "'");
        }
        String amzDate = header.apply("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(date)) {
            return new Refusal("AuthFailure", "The X-Amz-Date header is missing or does not match the credential scope's date");
        }
        Instant when = Instant.from(AMZ_DATE.parse(amzDate));
        if (Duration.between(when, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return new Refusal("RequestExpired", "Request has expired");
        }
        List<String> names = Arrays.asList(signedHeaders.split(";"));
        if (!names.contains("host") || !names.contains("x-amz-date")) {
            return new Refusal("AuthFailure", "SignedHeaders must include host and x-amz-date");
        }
        StringBuilder canonical = new StringBuilder()
                .append(method).append('\n')
                .append(path.isEmpty() ? "/" : path).append('\n')
                .append(query == null ? "" : query).append('\n');
        for (String name : names) {
            String v = header.apply(name);
            canonical.append(name).append(':').append(v == null ? "" : v.trim().replaceAll(" +", " ")).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(hex(sha256(body)));
        String scope = date + "/" + scopeRegion + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, scopeRegion);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Refusal("AuthFailure", "AWS was not able to validate the provided access credentials");
        }
        return null;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
    }
}
