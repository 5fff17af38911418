package io.infrakit.vagrant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertiesReaderTest {

    private final ObjectMapper json = new ObjectMapper();
    private final PropertiesReader reader = new PropertiesReader();

    private VagrantProperties read(String text) throws Exception {
        return reader.read(json.readTree(text));
    }

    private void refused(String text, String... parts) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(PluginException.class).hasMessageContainingAll(parts);
    }

    @Test
    void theSeedsInstanceSpecIsReadAsItsUserWroteIt() throws Exception {
        // Seed 000: "Property 'Box' must be set" for a file whose Box sits in Instance.Properties.
        JsonNode doc = json.readTree(Path.of("../../examples/vagrant/vagrant-centos7-vm.json").toFile());
        InstanceSpec spec = json.treeToValue(doc, InstanceSpec.class);
        VagrantProperties p = reader.read(spec.properties());
        assertThat(p.box()).isEqualTo("centos7");
        assertThat(p.cpus()).isEqualTo(1);
        assertThat(p.memory()).isEqualTo(1024);
        assertThat(p.docker()).isFalse();
        assertThat(Vagrantfile.render("vagrant-0123456789", p, false)).contains("config.vm.box = 'centos7'")
                .contains("config.vm.provider 'virtualbox' do |v|\n    v.cpus = 1\n    v.memory = 1024\n  end");
    }

    @Test
    void theInstancePropertiesThemselvesAreReadToo() throws Exception {
        VagrantProperties p = read("{\"Image\": \"busybox\", \"CPUs\": 2, \"Networks\": [{\"Type\": \"forwarded_port\", \"Guest\": 80, \"Host\": 8080}]}");
        assertThat(p.docker()).isTrue();
        assertThat(p.effectiveProvider()).isEqualTo("docker");
        assertThat(p.networks()).hasSize(1);
    }

    @Test
    void badPropertiesAreRefusedNamingTheField() {
        refused("{}", "Properties.Box is required", "Properties.Image");
        refused("{\"Box\": \"a\", \"Image\": \"b\"}", "both Box 'a' and Image 'b'");
        refused("{\"Bx\": \"a\"}", "unknown field Properties.Bx", "did you mean Box?");
        refused("{\"Box\": \"a\", \"CPUs\": \"two\"}", "Properties.CPUs has the wrong type");
        refused("{\"Box\": \"a\", \"CPUs\": 0}", "Properties.CPUs is 0", "from 1 to 256");
        refused("{\"Box\": \"a\", \"Memory\": 4}", "Properties.Memory is 4");
        refused("{\"Box\": \"a\", \"Provider\": \"docker\"}", "write Properties.Image instead of Box");
        refused("{\"Image\": \"a\", \"Provider\": \"virtualbox\"}", "Properties.Image needs the docker provider");
        refused("{\"Box\": \"a\", \"Provider\": \"Virtual Box\"}", "Properties.Provider 'Virtual Box'");
        refused("{\"Box\": \"a\", \"Hostname\": \"no spaces\"}", "Properties.Hostname 'no spaces'");
        refused("{\"Box\": \"a\", \"Networks\": [{\"Type\": \"bridge\"}]}", "Properties.Networks[0].Type is 'bridge'");
        refused("{\"Box\": \"a\", \"Networks\": [{\"Type\": \"forwarded_port\", \"Guest\": 80}]}", "Properties.Networks[0].Host is null");
        refused("{\"Box\": \"a\", \"Networks\": [{\"Type\": \"private_network\", \"IPs\": \"x\"}]}", "unknown field Properties.Networks[0].IPs", "did you mean IP?");
        refused("{\"Box\": \"a\", \"SyncedFolders\": [{\"Host\": \"rel\", \"Guest\": \"/x\"}]}", "Properties.SyncedFolders[0] needs Host and Guest as absolute paths");
        refused("[1]", "Properties must be an object");
        refused("null", "Properties are missing");
    }
}
