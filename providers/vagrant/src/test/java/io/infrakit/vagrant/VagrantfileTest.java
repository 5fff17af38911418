package io.infrakit.vagrant;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VagrantfileTest {

    @Test
    void aDockerInstanceRunsItsImageWithoutSshAndWithItsLimits() {
        VagrantProperties p = new VagrantProperties(null, "infrakit-test/vagrant:1", null, 2, 128, "web-1", List.of(), List.of(), Map.of());
        String text = Vagrantfile.render("vagrant-0123456789", p, true);
        assertThat(text).contains("config.vm.provider 'docker' do |d|", "d.image = 'infrakit-test/vagrant:1'",
                "d.name = 'vagrant-0123456789'", "d.has_ssh = false", "d.create_args = ['--cpus=2', '--memory=128m']",
                "config.vm.hostname = 'web-1'", "config.vm.synced_folder '.', '/vagrant', disabled: true");
        // The Docker provider has no SSH: its Init goes through docker-exec, never a provisioner.
        assertThat(text).doesNotContain("config.vm.box", "provision");
    }

    @Test
    void aBoxRunsItsInitAsAShellProvisionerWithItsNetworksAndFolders() {
        VagrantProperties p = new VagrantProperties("debian/bookworm64", null, "libvirt", 1, 1024, null,
                List.of(new VagrantProperties.Network("private_network", "10.0.0.5", null, null, null),
                        new VagrantProperties.Network("private_network", null, null, null, null),
                        new VagrantProperties.Network("forwarded_port", null, null, 80, 8080),
                        new VagrantProperties.Network("public_network", null, "eth0", null, null)),
                List.of(new VagrantProperties.SyncedFolder("/srv/app", "/app")), Map.of());
        String text = Vagrantfile.render("vagrant-0123456789", p, true);
        assertThat(text).contains("config.vm.box = 'debian/bookworm64'", "config.vm.provider 'libvirt' do |v|",
                "config.vm.network 'private_network', ip: '10.0.0.5'", "config.vm.network 'private_network', type: 'dhcp'",
                "config.vm.network 'forwarded_port', guest: 80, host: 8080", "config.vm.network 'public_network', bridge: 'eth0'",
                "config.vm.synced_folder '/srv/app', '/app'", "config.vm.provision 'shell', path: 'init.sh'");
        assertThat(Vagrantfile.render("vagrant-0123456789", p, false)).doesNotContain("provision");
    }

    @Test
    void valuesCannotBecomeRubyCode() {
        assertThat(Vagrantfile.q("a'; system('rm -rf /'); '")).isEqualTo("'a\\'; system(\\'rm -rf /\\'); \\''");
        assertThat(Vagrantfile.q("back\\slash")).isEqualTo("'back\\\\slash'");
        VagrantProperties p = new VagrantProperties("x' + `id` + '", null, null, null, null, null, List.of(), List.of(), Map.of());
        assertThat(Vagrantfile.render("vagrant-0123456789", p, false)).contains("config.vm.box = 'x\\' + `id` + \\''");
    }
}
