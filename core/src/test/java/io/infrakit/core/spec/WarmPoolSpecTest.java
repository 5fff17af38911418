package io.infrakit.core.spec;

import io.infrakit.core.group.plan.GroupConfig;
import io.infrakit.core.group.plan.GroupPolicy;
import io.infrakit.spi.group.GroupSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Policy.WarmPool: read into the group's policy, or refused naming the field and the fix. */
class WarmPoolSpecTest {

    final GroupSpecValidator validator = new GroupSpecValidator();
    final SpecReader reader = new SpecReader(Map.of(), null);

    GroupSpec spec(String allocation, String policy) {
        return reader.parse("g.yml", """
                kind: group
                metadata: {name: web}
                properties:
                  Allocation: %s
                  Instance: {Plugin: simulator/compute, Properties: {}}
                  Flavor: {Plugin: vanilla, Properties: {}}
                  Policy: %s
                """.formatted(allocation, policy)).get(0);
    }

    List<String> problems(String allocation, String policy) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> validator.validate(spec(allocation, policy)));
        assertThat(e).as("refused: " + policy).isNotNull();
        return e.problems();
    }

    @Test
    void aPoolIsReadWithMaxPreparedDefaultingToOne() {
        GroupConfig cfg = validator.validate(spec("{Size: 3}", "{WarmPool: {Size: 2, MaxPrepared: 2}}"));
        assertThat(cfg.policy().warmPool()).isEqualTo(new GroupPolicy.WarmPool(2, 2));
        assertThat(validator.validate(spec("{Size: 3}", "{WarmPool: {Size: 4}}")).policy().warmPool())
                .isEqualTo(new GroupPolicy.WarmPool(4, 1));
        GroupConfig plain = validator.validate(spec("{Size: 3}", "{}"));
        assertThat(plain.policy().warmPool()).isEqualTo(GroupPolicy.WarmPool.NONE);
        // Not part of the config hash: adding a pool never rolls the members.
        assertThat(plain.configHash()).isEqualTo(cfg.configHash());
    }

    @Test
    void badPoolsAreRefusedWithTheFieldNamed() {
        assertThat(problems("{Size: 3}", "{WarmPool: {Size: 0}}")).anySatisfy(p ->
                assertThat(p).contains("Policy.WarmPool.Size 0 must be 1 or more"));
        assertThat(problems("{Size: 3}", "{WarmPool: {MaxPrepared: 1}}")).anySatisfy(p ->
                assertThat(p).contains("Policy.WarmPool.Size null must be 1 or more"));
        assertThat(problems("{Size: 3}", "{WarmPool: {Size: 2, MaxPrepared: 0}}")).anySatisfy(p ->
                assertThat(p).contains("Policy.WarmPool.MaxPrepared 0 must be 1 or more"));
        assertThat(problems("{Size: 3}", "{WarmPool: {Size: 2, MaxPrepared: 3}}")).anySatisfy(p ->
                assertThat(p).contains("Policy.WarmPool.MaxPrepared 3 is more than Policy.WarmPool.Size 2"));
        assertThat(problems("{LogicalIDs: [a, b]}", "{MaxUnavailable: 1, WarmPool: {Size: 1}}")).anySatisfy(p ->
                assertThat(p).contains("Policy.WarmPool cannot be used with Allocation.LogicalIDs"));
        assertThat(problems("{Size: 3}", "{MaxInstances: 4, WarmPool: {Size: 2}}")).anySatisfy(p ->
                assertThat(p).contains("Policy.MaxInstances 4 is below the group size 3 plus Policy.WarmPool.Size 2"));
        assertThat(problems("{Size: 3}", "{WarmPool: {Size: 2, Prepared: 1}}")).anySatisfy(p ->
                assertThat(p).contains("Prepared"));
    }
}
