package io.infrakit.vsphere;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The vSphere API simulator (govmomi's vcsim) that .ci/engines/vcsim.sh starts on
 * https://127.0.0.1:8989/sdk with the inventory of providers/vsphere/src/test/vcsim/main.go.
 * Tests skip with the reason when it is not there, and fail when CI requires engines
 * (INFRAKIT_REQUIRE_ENGINES=1). It outlives test runs: each test works in folders of its own.
 */
final class Vcsim {

    static final String HOST = "127.0.0.1";
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("INFRAKIT_VCSIM_PORT", "8989"));
    static final URI SDK = URI.create("https://" + HOST + ":" + PORT + "/sdk");
    static final Path CA = Path.of(System.getenv().getOrDefault("INFRAKIT_VCSIM_CACHE", "/var/cache/infrakit/vcsim"), "ca.pem");
    static final String USER = "infrakit";
    static final String PASSWORD = "vcsim-secret";

    // The inventory main.go builds (the names of the InfraKit vSphere blog post).
    static final String DATACENTER = "Home Lab";
    static final String DATASTORE = "vSphereNFS";
    static final String HOSTNAME = "esxi01.fnnrn.me";
    static final String CLUSTER = "DC0_C0";
    static final String NETWORK = "HomeNetwork";
    static final String DISTRIBUTED_PORTGROUP = "DC0_DVPG0";
    static final String TEMPLATE = "CentOS7-WEB";
    static final String TEMPLATE_2 = "CentOS7-WEB-v2";
    static final String ISO = "linuxkit/vSphere.iso";

    private Vcsim() {
    }

    static boolean required() {
        return "1".equals(System.getProperty("infrakit.requireEngines")) || "1".equals(System.getenv("INFRAKIT_REQUIRE_ENGINES"));
    }

    /** Skips (or fails under INFRAKIT_REQUIRE_ENGINES=1) unless vcsim answers. */
    static void require() {
        String missing = null;
        if (!Files.isReadable(CA)) {
            missing = "vcsim's CA " + CA + " is missing";
        } else {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, PORT), 1000);
            } catch (IOException e) {
                missing = "vcsim does not answer on " + HOST + ":" + PORT;
            }
        }
        if (missing == null) {
            return;
        }
        if (required()) {
            throw new AssertionError(missing + " (INFRAKIT_REQUIRE_ENGINES=1: run .ci/engines/vcsim.sh)");
        }
        Assumptions.abort(missing + "; run .ci/engines/vcsim.sh to test against the vSphere API simulator");
    }

    static Credentials credentials() {
        return new Credentials(USER, PASSWORD.toCharArray(), "test");
    }

    /** Options for vcsim, its certificate verified against its CA. */
    static VsphereOptions options() {
        return VsphereOptions.of(SDK, credentials(), CA, false);
    }

    /** A group name no earlier run used (vcsim keeps its inventory between runs). */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
