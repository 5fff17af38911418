package io.infrakit.vagrant;

/**
 * Writes the Vagrantfile of one instance from its properties: pure text, no I/O. Every value is a
 * Ruby single-quoted literal (only {@code \} and {@code '} are special there), so nothing a spec
 * holds can become Ruby code. The default {@code /vagrant} share is always turned off: it needs
 * SSH or a shared file system the Docker provider and many boxes lack, and instances here are
 * built from Init, not from the host's folder.
 */
final class Vagrantfile {

    /** The Init script beside the Vagrantfile, run by the shell provisioner of a box. */
    static final String INIT_FILE = "init.sh";

    private Vagrantfile() {
    }

    /**
     * @param id      the instance ID, the Docker container's name
     * @param hasInit whether {@link #INIT_FILE} is written (a box then runs it as a shell provisioner)
     */
    static String render(String id, VagrantProperties p, boolean hasInit) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by InfraKit's vagrant plugin for instance ").append(id.replaceAll("[^A-Za-z0-9_.-]", "_"))
                .append(". Do not edit: Destroy removes this folder.\n");
        b.append("Vagrant.configure('2') do |config|\n");
        if (p.box() != null) {
            b.append("  config.vm.box = ").append(q(p.box())).append('\n');
        }
        if (p.hostname() != null) {
            b.append("  config.vm.hostname = ").append(q(p.hostname())).append('\n');
        }
        b.append("  config.vm.synced_folder '.', '/vagrant', disabled: true\n");
        for (VagrantProperties.SyncedFolder f : p.syncedFolders()) {
            b.append("  config.vm.synced_folder ").append(q(f.host())).append(", ").append(q(f.guest())).append('\n');
        }
        for (VagrantProperties.Network n : p.networks()) {
            b.append("  config.vm.network ").append(q(n.type()));
            switch (n.type()) {
                case "forwarded_port" -> b.append(", guest: ").append(n.guest()).append(", host: ").append(n.host());
                case "private_network" -> b.append(n.ip() == null ? ", type: 'dhcp'" : ", ip: " + q(n.ip()));
                default -> {
                    if (n.ip() != null) {
                        b.append(", ip: ").append(q(n.ip()));
                    }
                    if (n.bridge() != null) {
                        b.append(", bridge: ").append(q(n.bridge()));
                    }
                }
            }
            b.append('\n');
        }
        if (p.docker()) {
            b.append("  config.vm.provider 'docker' do |d|\n");
            b.append("    d.image = ").append(q(p.image())).append('\n');
            b.append("    d.name = ").append(q(id)).append('\n');
            // No SSH in a plain image: Init runs through vagrant docker-exec once the container runs.
            b.append("    d.has_ssh = false\n");
            b.append("    d.remains_running = true\n");
            StringBuilder args = new StringBuilder();
            if (p.cpus() != null) {
                args.append(q("--cpus=" + p.cpus()));
            }
            if (p.memory() != null) {
                args.append(args.isEmpty() ? "" : ", ").append(q("--memory=" + p.memory() + "m"));
            }
            if (!args.isEmpty()) {
                b.append("    d.create_args = [").append(args).append("]\n");
            }
            b.append("  end\n");
        } else {
            String provider = p.effectiveProvider() == null ? "virtualbox" : p.effectiveProvider();
            if (p.cpus() != null || p.memory() != null) {
                b.append("  config.vm.provider ").append(q(provider)).append(" do |v|\n");
                if (p.cpus() != null) {
                    b.append("    v.cpus = ").append(p.cpus()).append('\n');
                }
                if (p.memory() != null) {
                    b.append("    v.memory = ").append(p.memory()).append('\n');
                }
                b.append("  end\n");
            }
            if (hasInit) {
                b.append("  config.vm.provision 'shell', path: ").append(q(INIT_FILE)).append('\n');
            }
        }
        b.append("end\n");
        return b.toString();
    }

    /** A Ruby single-quoted string literal. */
    static String q(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
