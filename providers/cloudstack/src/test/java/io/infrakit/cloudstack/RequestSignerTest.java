package io.infrakit.cloudstack;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSignerTest {

    /**
     * The worked example of CloudStack's documentation, "How to sign an API call with Python"
     * (Apache CloudStack Developer's Guide; docs/en-US/signing-api-calls-python.xml in the
     * cloudstack repository, added by CLOUDSTACK-2338): these API and secret keys and the
     * command listUsers with response=json sign to {@code TTpdDq/7j/J58XCRHomKoQXEQds=}.
     */
    @Test
    void theDocumentedPythonExampleSignsToTheDocumentedSignature() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("command", "listUsers");
        request.put("response", "json");
        request.put("apikey", "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg");
        String secret = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ";

        // The documented intermediate string (sig_str in the example).
        assertThat(RequestSigner.canonical(request)).isEqualTo(
                "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&command=listusers&response=json");
        assertThat(RequestSigner.sign(request, secret)).isEqualTo("TTpdDq/7j/J58XCRHomKoQXEQds=");
        // ...and sent URL-encoded, as the example's urllib.quote_plus does.
        assertThat(RequestSigner.signedQuery(request, secret)).endsWith("&signature=TTpdDq%2F7j%2FJ58XCRHomKoQXEQds%3D");
    }

    /**
     * The same order regardless of the order given, with the documented step "spaces as %20, not +".
     * The expected value was computed independently with openssl:
     * <pre>
     * echo -n 'apikey=abc&amp;command=deployvirtualmachine&amp;displayname=web%20one&amp;userdata=iyevymlul3nocmvjag8gagk%3d&amp;zoneid=z-1' \
     *   | openssl dgst -sha1 -hmac 'Secret+Key/With=Odd&amp;Chars' -binary | base64
     * LAQ59l8EZo8MOEqKmF1gFlbp+E8=
     * </pre>
     */
    @Test
    void encodedValuesSpacesAndOrderMatchAnIndependentlyComputedVector() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("zoneid", "z-1");
        request.put("userdata", "IyEvYmluL3NoCmVjaG8gaGk=");
        request.put("command", "deployVirtualMachine");
        request.put("displayname", "web one");
        request.put("apikey", "abc");
        assertThat(RequestSigner.canonical(request))
                .isEqualTo("apikey=abc&command=deployvirtualmachine&displayname=web%20one&userdata=iyevymlul3nocmvjag8gagk%3d&zoneid=z-1");
        assertThat(RequestSigner.sign(request, "Secret+Key/With=Odd&Chars")).isEqualTo("LAQ59l8EZo8MOEqKmF1gFlbp+E8=");
        // The query keeps the values' case (only the signed string is lower-cased) and never sends "+" for a space.
        assertThat(RequestSigner.signedQuery(request, "s")).contains("displayname=web%20one").contains("userdata=IyEvYmluL3NoCmVjaG8gaGk%3D");
    }

    @Test
    void aSignatureParameterIsNotSignedAndAnotherSecretGivesAnotherSignature() {
        Map<String, String> request = new LinkedHashMap<>(Map.of("command", "listZones", "apikey", "k"));
        String sig = RequestSigner.sign(request, "one");
        request.put("signature", "whatever");
        assertThat(RequestSigner.sign(request, "one")).isEqualTo(sig);
        assertThat(RequestSigner.sign(request, "two")).isNotEqualTo(sig);
    }

    @Test
    void namesAreSortedAsNamesNotAsNameValueStrings() {
        // "id2=" sorts before "id=" as a string ('2' < '='), but the name "id" comes before "id2".
        Map<String, String> request = new LinkedHashMap<>();
        request.put("id2", "b");
        request.put("id", "a");
        assertThat(RequestSigner.canonical(request)).isEqualTo("id=a&id2=b");
    }

    @Test
    void tagMapParametersAreEncodedAndSortedByTheirEncodedNames() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("tags[1].key", "b");
        request.put("tags[0].key", "a");
        assertThat(RequestSigner.canonical(request)).isEqualTo("tags[0].key=a&tags[1].key=b");
        assertThat(RequestSigner.signedQuery(request, "s")).startsWith("tags%5B1%5D.key=b&tags%5B0%5D.key=a&signature=");
    }
}
