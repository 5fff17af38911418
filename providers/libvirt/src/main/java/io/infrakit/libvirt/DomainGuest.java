package io.infrakit.libvirt;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ExecResult;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Commands and files inside our guests through the QEMU guest agent: every call first checks that
 * the domain is one we created, so a guest command never reaches a domain that is not ours.
 */
final class DomainGuest {

    private static final Logger log = LoggerFactory.getLogger(DomainGuest.class);

    private final OurDomains domains;
    private final GuestAgent agent;
    private final GuestFiles files;

    DomainGuest(OurDomains domains, GuestAgent agent, GuestFiles files) {
        this.domains = domains;
        this.agent = agent;
        this.files = files;
    }

    public ExecResult exec(String instanceId, List<String> command, Duration timeout) {
        Domain domain = ourDomain(instanceId, "exec on ");
        try {
            ExecResult result = agent.exec(domain, instanceId, command, timeout);
            log.info("exec instance={} reason=exec command={} exit={}", instanceId, command.get(0), result.exitCode());
            return result;
        } catch (LibvirtException e) {
            throw new PluginException("exec on " + instanceId + " failed: " + message(e), e);
        }
    }

    /** exec with stdout handed over while the command runs (see {@link GuestExecStream}: needs /bin/sh and /tmp in the guest). */
    public ExecResult exec(String instanceId, List<String> command, Duration timeout, Consumer<String> stdout) {
        Domain domain = ourDomain(instanceId, "exec on ");
        try {
            ExecResult result = new GuestExecStream(agent).exec(domain, instanceId, command, timeout, stdout);
            log.info("exec instance={} reason=exec command={} exit={} streamed=true", instanceId, command.get(0), result.exitCode());
            return result;
        } catch (LibvirtException e) {
            throw new PluginException("exec on " + instanceId + " failed: " + message(e), e);
        }
    }

    /** A file into the guest through qemu-ga's guest-file-* in chunks ({@link GuestFiles}); its folder must exist. */
    public void writeFile(String instanceId, String path, byte[] content, Duration timeout) {
        Domain domain = ourDomain(instanceId, "file transfer with ");
        files.write(request -> domain.qemuAgentCommand(request, 10, 0), instanceId, path, content, timeout);
    }

    public byte[] readFile(String instanceId, String path, Duration timeout) {
        Domain domain = ourDomain(instanceId, "file transfer with ");
        return files.read(request -> domain.qemuAgentCommand(request, 10, 0), instanceId, path, timeout);
    }

    /** The domain, once checked to be one of ours: guest commands never reach a domain we did not create. */
    private Domain ourDomain(String instanceId, String what) {
        Domain domain = domains.lookup(instanceId);
        try {
            OurDomains.ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
            return domain;
        } catch (LibvirtException e) {
            throw new PluginException(what + instanceId + " failed: " + message(e), e);
        }
    }

    private static String message(LibvirtException e) {
        return LibvirtInstancePlugin.message(e);
    }
}
