package io.infrakit.core.spec;

import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.GroupPolicy;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Policy.Hooks with a Plugin target instead of a Url. */
class HookPluginSpecTest {

    final GroupSpecValidator validator = new GroupSpecValidator();
    final SpecReader reader = new SpecReader(Map.of(), null);

    GroupSpec spec(String hooks) {
        return reader.parse("g.yml", """
                kind: group
                metadata: {name: web}
                properties:
                  Allocation: {Size: 2}
                  Instance: {Plugin: simulator/compute, Properties: {}}
                  Flavor: {Plugin: vanilla, Properties: {}}
                  Policy: {Hooks: %s}
                """.formatted(hooks)).get(0);
    }

    @Test
    void aPluginTargetIsReadAndUrlWithPluginIsRefused() {
        GroupConfig cfg = validator.validate(spec("[{On: launch, Plugin: hooks/web, Timeout: 1m, Default: continue}]"));
        assertThat(cfg.policy().hooks()).containsExactly(
                new GroupPolicy.HookPolicy(true, null, Duration.ofMinutes(1), true, "hooks/web"));
        InvalidSpecException both = catchThrowableOfType(InvalidSpecException.class, () -> validator.validate(
                spec("[{On: launch, Plugin: hooks/web, Url: 'http://127.0.0.1:9/h'}]")));
        assertThat(both.problems()).anySatisfy(p -> assertThat(p).contains("Policy.Hooks[0] has both Url and Plugin"));
        InvalidSpecException bad = catchThrowableOfType(InvalidSpecException.class, () -> validator.validate(
                spec("[{On: launch, Plugin: 'hooks web'}]")));
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).contains("Policy.Hooks[0].Plugin 'hooks web' is not a plugin name"));
        InvalidSpecException none = catchThrowableOfType(InvalidSpecException.class, () -> validator.validate(
                spec("[{On: launch}]")));
        assertThat(none.problems()).anySatisfy(p -> assertThat(p).contains("Policy.Hooks[0].Url 'null'"));
    }
}
