package io.infrakit.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.infrakit.core.spec.InvalidSpecException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deployment files are checked whole before anything runs; each problem names deployment, step and field. */
class DeploymentReaderTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static DeploymentFile parse(String yaml, Set<String> inStore) throws Exception {
        JsonNode doc = YAML.readTree(yaml);
        return DeploymentReader.parse("test.yml", doc, "test", inStore::contains);
    }

    static String problems(String yaml) {
        try {
            parse(yaml, Set.of());
        } catch (InvalidSpecException e) {
            return String.join("\n", e.problems());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void readsStepsWithTheirDefaultsAndKeysFromEarlierSteps() throws Exception {
        DeploymentFile f = parse("""
                kind: deployment
                deployments:
                  - name: manager
                    plugin: docker
                    properties: {Config: {Image: busybox}}
                    steps:
                      - name: init
                        run: echo SWMTKN-1
                        store: deployments/swarm/jointoken
                  - name: workers
                    plugin: docker
                    count: 2
                    steps:
                      - exec: [echo, '{{ var "deployments/swarm/jointoken" }}', '{{ var "site/region" }}']
                        env: {MODE: worker}
                        workdir: /tmp
                        timeout: 5s
                        expectExit: 0
                        continueOnError: true
                """, Set.of("site/region"));
        assertThat(f.name()).isEqualTo("test");
        assertThat(f.deployments()).extracting(Deployment::name).containsExactly("manager", "workers");
        Step init = f.deployments().get(0).steps().get(0);
        assertThat(init.kind()).isEqualTo(Step.Kind.RUN);
        assertThat(init.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(init.store()).isEqualTo("deployments/swarm/jointoken");
        Step join = f.deployments().get(1).steps().get(0);
        assertThat(join.label()).isEqualTo("step 1 'step 1'");
        assertThat(join.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(join.env()).containsEntry("MODE", "worker");
        assertThat(join.continueOnError()).isTrue();
        assertThat(f.deployments().get(1).count()).isEqualTo(2);
    }

    @Test
    void anUnknownStepKindIsRefusedNamingDeploymentStepAndField() {
        assertThat(problems("""
                kind: deployment
                deployments:
                  - name: build
                    plugin: docker
                    steps:
                      - name: ok
                        run: true
                      - name: compile
                        shell: make
                """)).contains("deployment 'build' step 2 'compile': unknown step kind or field 'shell'")
                .contains("deployment 'build' step 2 'compile': no command: give one of run");
    }

    @Test
    void aMissingCommandIsRefused() {
        assertThat(problems("""
                kind: deployment
                deployments:
                  - name: build
                    plugin: docker
                    steps:
                      - name: nothing
                        env: {A: b}
                      - exec: []
                      - run: ""
                """)).contains("deployment 'build' step 1 'nothing': no command")
                .contains("deployment 'build' step 2: 'exec' must be a non-empty list")
                .contains("deployment 'build' step 3: 'run' is empty");
    }

    @Test
    void aKeyNoEarlierStepStoresIsRefusedEvenWhenALaterStepStoresIt() {
        String p = problems("""
                kind: deployment
                deployments:
                  - name: workers
                    plugin: docker
                    steps:
                      - run: docker swarm join --token {{ var "deployments/swarm/jointoken" }}
                      - run: echo token
                        store: deployments/swarm/jointoken
                """);
        assertThat(p).contains("deployment 'workers' step 1: refers to key 'deployments/swarm/jointoken', which is not set and no earlier step stores");
    }

    @Test
    void otherMistakesAreAllReportedAtOnce() {
        String p = problems("""
                kind: deploymnet
                deployments:
                  - name: a
                    plugins: docker
                    output: image
                    count: 0
                    steps:
                      - run: sleep 1
                        timeout: soon
                        expectExit: 300
                        store: a//b
                        env: {1X: y}
                      - run: echo {{ undefined_thing }}
                  - name: a
                    plugin: docker
                """);
        assertThat(p).contains("'kind' is 'deploymnet'")
                .contains("deployment 'a': unknown field 'plugins': did you mean 'plugin'?")
                .contains("deployment 'a': 'plugin' is missing")
                .contains("deployment 'a': 'output' is 'image'")
                .contains("deployment 'a': 'count' is 0")
                .contains("deployment 'a' step 1: 'timeout' 'soon' is not a duration")
                .contains("deployment 'a' step 1: 'expectExit' is 300")
                .contains("deployment 'a' step 1: 'store': key 'a//b' is not a valid path")
                .contains("'env' name '1X' is not valid")
                .contains("undefined variable 'undefined_thing'")
                .contains("deployment 2: 'name' 'a' is used by an earlier deployment");
    }
}
