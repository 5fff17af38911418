package io.infrakit.gcp;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelCodecTest {

    /** Compute Engine's rules for label keys and values (ASCII part). */
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    static final Pattern VALUE = Pattern.compile("[a-z0-9_-]{0,63}");

    @Test
    void infrakitsTagsBecomeValidLabelsAsDocumented() {
        assertThat(LabelCodec.encodeKey(Tags.GROUP)).isEqualTo("infrakit_2egroup");
        assertThat(LabelCodec.encodeKey(Tags.CONFIG_HASH)).isEqualTo("infrakit_2econfig_2ehash");
        assertThat(LabelCodec.encodeKey(Tags.LOGICAL_ID)).isEqualTo("infrakit_2elogical_5fid");
        assertThat(LabelCodec.encodeKey("Name")).isEqualTo("k___4eame");
        assertThat(LabelCodec.encodeKey("9lives")).isEqualTo("k__9lives");
        assertThat(LabelCodec.encodeValue("docker-hosts")).isEqualTo("docker-hosts");
        assertThat(LabelCodec.encodeValue("Web Site")).isEqualTo("_57eb_20_53ite");
        assertThat(LabelCodec.encodeValue("")).isEmpty();
    }

    @Test
    void everyTagRoundTripsAndEveryEncodingIsAValidLabel() {
        Random random = new Random(22);
        String alphabet = "abcXYZ019._-:/ =éK";
        for (int n = 0; n < 2000; n++) {
            StringBuilder k = new StringBuilder(), v = new StringBuilder();
            for (int i = 1 + random.nextInt(12); i > 0; i--) {
                k.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (int i = random.nextInt(12); i > 0; i--) {
                v.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String key = LabelCodec.encodeKey(k.toString()), value = LabelCodec.encodeValue(v.toString());
            assertThat(key).as(k.toString()).matches(KEY);
            assertThat(value).as(v.toString()).matches(VALUE);
            assertThat(LabelCodec.decodeKey(key)).isEqualTo(k.toString());
            assertThat(LabelCodec.decodeValue(value)).isEqualTo(v.toString());
        }
    }

    @Test
    void labelsWrittenBySomeoneElseReadAsTheyAre() {
        assertThat(LabelCodec.decode(Map.of("env", "prod", "team_x", "a_b", "k_x", "v"))).containsEntry("env", "prod")
                .containsEntry("team_x", "a_b").containsEntry("k_x", "v");
    }

    @Test
    void aTagTooLongOnceEncodedIsRefusedNamingIt() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Owner.Name", "A".repeat(30));
        assertThatThrownBy(() -> LabelCodec.encode(tags, "Properties.Tags")).isInstanceOf(PluginException.class)
                .hasMessageContaining("Properties.Tags 'Owner.Name' has a value of 90 characters").hasMessageContaining("63");
    }
}
