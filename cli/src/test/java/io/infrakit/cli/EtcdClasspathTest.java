package io.infrakit.cli;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The daemon's class path carries docker-java and jetcd together; an old Guava from the former
 * once broke the latter at run time (NoSuchMethodError in grpc). Building a client is enough to
 * load the classes that broke; no etcd is needed.
 */
class EtcdClasspathTest {
    @Test
    void jetcdClientBuildsOnTheDaemonClassPath() {
        assertThatCode(() -> {
            try (Client client = Client.builder().endpoints("http://127.0.0.1:1").build()) {
                client.getKVClient();
            }
        }).doesNotThrowAnyException();
    }
}
