package io.infrakit.vsphere;

import io.infrakit.spi.PluginException;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.SoapTransport;
import io.infrakit.vsphere.vim.UnreachableException;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.VimFault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our vim25 client against vcsim: login, the service content, inventory paths, faults, TLS trust. */
class VimClientTest {

    @BeforeEach
    void vcsim() {
        Vcsim.require();
    }

    private static VimClient client(String password) {
        return new VimClient(new SoapTransport(Vcsim.SDK, TlsTrust.context(Vcsim.CA, false), Duration.ofSeconds(10)),
                Vcsim.USER, password.toCharArray());
    }

    @Test
    void logsInWithASessionCookieAndFindsTheInventoryByPath() {
        try (VimClient c = client(Vcsim.PASSWORD)) {
            assertThat(c.content().apiType()).isEqualTo("VirtualCenter");
            assertThat(c.transport().hasSession()).isTrue();
            Moref dc = c.findByInventoryPath(Vcsim.DATACENTER).orElseThrow();
            assertThat(dc.type()).isEqualTo("Datacenter");
            assertThat(c.findByInventoryPath(Vcsim.DATACENTER + "/vm/Templates/" + Vcsim.TEMPLATE)).get()
                    .extracting(Moref::type).isEqualTo("VirtualMachine");
            assertThat(c.findByInventoryPath(Vcsim.DATACENTER + "/vm/no-such-thing")).isEmpty();
            List<ObjectContent> got = c.retrieve(PropertySpecs.object(dc, List.of("name")));
            assertThat(got).singleElement().satisfies(o -> assertThat(o.text("name")).isEqualTo(Vcsim.DATACENTER));
            assertThat(c.transport().calls()).containsEntry("Login", 1L).containsEntry("RetrieveServiceContent", 1L)
                    .containsEntry("FindByInventoryPath", 3L).containsEntry("RetrievePropertiesEx", 1L);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithTheFaultNameAndTheFix() {
        try (VimClient c = client("not-the-password")) {
            assertThatThrownBy(c::content).isInstanceOf(VimFault.class)
                    .hasMessageStartingWith("vsphere Login: InvalidLogin: ")
                    .hasMessageContaining("check the user and password")
                    .hasMessageNotContaining("not-the-password");
        }
    }

    @Test
    void anUnreachableUrlSaysSoAndNamesTheOptionToCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        VimClient c = new VimClient(new SoapTransport(URI.create("https://127.0.0.1:" + port + "/sdk"), null, Duration.ofSeconds(5)),
                Vcsim.USER, Vcsim.PASSWORD.toCharArray());
        assertThatThrownBy(c::content).isInstanceOf(UnreachableException.class)
                .hasMessage("vsphere RetrieveServiceContent: cannot connect to 127.0.0.1:" + port
                        + " (connection refused); check the url option and that vCenter is up");
    }

    @Test
    void anUntrustedCertificateIsRefusedUnlessTheCaIsGivenOrInsecureIsAsked() {
        VimClient jdkTrust = new VimClient(new SoapTransport(Vcsim.SDK, null, Duration.ofSeconds(5)), Vcsim.USER, Vcsim.PASSWORD.toCharArray());
        assertThatThrownBy(jdkTrust::content).isInstanceOf(UnreachableException.class)
                .hasMessage("vsphere RetrieveServiceContent: the TLS certificate of 127.0.0.1 is not trusted (no trusted CA signed it);"
                        + " give the CA that signed it with --opt vsphere.ca-file=PATH (or, for a lab only, --opt vsphere.insecure=true)");
        try (VimClient insecure = new VimClient(new SoapTransport(Vcsim.SDK, TlsTrust.context(null, true), Duration.ofSeconds(5)),
                Vcsim.USER, Vcsim.PASSWORD.toCharArray())) {
            assertThat(insecure.content().rootFolder()).isNotNull();
        }
    }

    @Test
    void aFaultOfAMethodNamesTheFault() {
        try (VimClient c = client(Vcsim.PASSWORD)) {
            Moref root = c.content().rootFolder();
            assertThatThrownBy(() -> c.retrieve(PropertySpecs.object(new Moref("VirtualMachine", "vm-does-not-exist"), List.of("name"))))
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining("vsphere RetrievePropertiesEx: ManagedObjectNotFound");
            assertThat(root.type()).isEqualTo("Folder");
        }
    }
}
