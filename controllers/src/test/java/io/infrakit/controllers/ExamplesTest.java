package io.infrakit.controllers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.infrakit.controllers.autoscale.AutoscaleController;
import io.infrakit.controllers.enrollment.EnrollmentController;
import io.infrakit.controllers.ingress.IngressController;
import io.infrakit.core.spec.GroupSpecValidator;
import io.infrakit.core.spec.SpecReader;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.controller.ControllerSpec;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The specs of examples/traffic (docs/traffic.md) have the right shape: the group passes the
 * group validator, and each controller's spec passes its controller's check up to the plugins it
 * names, which no daemon runs here (so those, and only those, are what is refused).
 */
class ExamplesTest {

    private static final Path DIR = Path.of("../examples/traffic");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    private ControllerSpec spec(String file) throws Exception {
        return yaml.readValue(DIR.resolve(file).toFile(), ControllerSpec.class);
    }

    @Test
    void theWebGroupIsAValidGroup() {
        List<GroupSpec> specs = new SpecReader(Map.of(), null).readFiles(List.of(DIR.resolve("web.yml")), System.in);
        assertThat(specs).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("web");
            assertThat(new GroupSpecValidator().validate(s).instance().plugin()).isEqualTo("docker");
        });
    }

    @Test
    void theControllerSpecsOnlyLackTheirRunningPlugins() throws Exception {
        TestPlugins none = new TestPlugins();
        assertThatThrownBy(() -> new IngressController(none, Clock.systemUTC()).check(spec("ingress.yml")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("properties[0].L4Plugin: 'haproxy/lb'")
                .hasMessageContaining("properties[0].Backends.Groups[0]: 'group/web'")
                .satisfies(e -> assertThat(e.getMessage().split("; ")).hasSize(2));
        assertThatThrownBy(() -> new EnrollmentController(none, Clock.systemUTC()).check(spec("enrollment.yml")))
                .hasMessageContaining("properties.List: 'group/workers'")
                .hasMessageContaining("properties.Instance: 'lab/disk'")
                .satisfies(e -> assertThat(e.getMessage().split("; ")).hasSize(2));
        // No Prometheus at the example's address: the query cannot be checked, so only the group is refused.
        assertThatThrownBy(() -> new AutoscaleController(none, Clock.systemUTC()).check(spec("autoscale.yml")))
                .hasMessageContaining("properties.Group: 'group/web'")
                .satisfies(e -> assertThat(e.getMessage().split("; ")).hasSize(1));
    }
}
