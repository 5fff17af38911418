package io.infrakit.spi.instance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardingInstancePluginTest {

    /** Records each call with its arguments and answers with values the test can recognise. */
    static final class Recording implements InstancePlugin {
        final List<String> calls = new ArrayList<>();

        @Override
        public void validate(JsonNode properties) {
            calls.add("validate " + properties.asText());
        }

        @Override
        public String provision(InstanceSpec spec) {
            calls.add("provision");
            return "i-1";
        }

        @Override
        public void label(String instanceId, Map<String, String> labels) {
            calls.add("label " + instanceId + " " + labels);
        }

        @Override
        public void destroy(String instanceId, DestroyContext context) {
            calls.add("destroy " + instanceId + " " + context.reason());
        }

        @Override
        public List<InstanceDescription> describeInstances(Map<String, String> tags, boolean properties) {
            calls.add("describe " + tags + " " + properties);
            return List.of();
        }
    }

    record Wrapper(InstancePlugin delegate) implements ForwardingInstancePlugin {
    }

    @Test
    void everyCallReachesTheDelegateWithItsArgumentsAndAnswer() {
        Recording inner = new Recording();
        Wrapper w = new Wrapper(inner);

        w.validate(new TextNode("p"));
        assertThat(w.provision(new InstanceSpec(null, null, "", null, null))).isEqualTo("i-1");
        w.label("i-1", Map.of("a", "b"));
        w.destroy("i-1", new DestroyContext(DestroyContext.TERMINATE));
        assertThat(w.describeInstances(Map.of("g", "w"), true)).isEmpty();

        assertThat(inner.calls).containsExactly("validate p", "provision", "label i-1 {a=b}",
                "destroy i-1 terminate", "describe {g=w} true");
    }
}
