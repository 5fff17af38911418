package io.infrakit.haproxy;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * The real HAProxy the tests run (Debian's, installed by {@code .ci/engines/haproxy.sh}). Each test
 * starts its own haproxy processes from a temporary folder. Tests skip when there is no haproxy,
 * and fail when engines are required (INFRAKIT_REQUIRE_ENGINES=1, as in CI).
 */
public final class HaproxyEngine {

    private HaproxyEngine() {
    }

    static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    public static void assumeAvailable() {
        String problem = null;
        try {
            Process p = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !out.contains("HAProxy")) {
                problem = "haproxy -v did not answer as HAProxy: " + out.trim();
            }
        } catch (IOException e) {
            problem = "no haproxy on PATH; install it with: sudo bash .ci/engines/haproxy.sh";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem != null) {
            if (required()) {
                Assertions.fail("INFRAKIT_REQUIRE_ENGINES=1 but " + problem);
            }
            System.err.println("HAProxy tests skipped: " + problem);
            Assumptions.abort("skipped: " + problem);
        }
    }

    /** A loopback port free right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
