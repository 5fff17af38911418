package io.infrakit.docker;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tests on the real Docker engine: one client per test class, the class skipped (or failed under
 * INFRAKIT_REQUIRE_ENGINES=1) when no engine answers ({@link DockerTestEngine#assumeAvailable}).
 */
abstract class OnDockerEngine {

    static DockerClient docker;

    @BeforeAll
    static void engine() {
        docker = DockerTestEngine.client();
        DockerTestEngine.assumeAvailable(docker);
    }

    @AfterAll
    static void closeEngine() throws Exception {
        if (docker != null) {
            docker.close();
            docker = null;
        }
    }
}
