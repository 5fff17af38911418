package io.infrakit.libvirt;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.Tags;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Start and Stop of a domain of ours for the warm pool ({@code InstanceLifecycle}): a stopped
 * domain keeps its definition and volumes, and a reaping plugin spares it only when tagged warm.
 */
final class DomainPower {

    private static final Logger log = LoggerFactory.getLogger(LibvirtInstancePlugin.class);

    private final OurDomains domains;
    private final boolean reapStopped;

    DomainPower(OurDomains domains, boolean reapStopped) {
        this.domains = domains;
        this.reapStopped = reapStopped;
    }

    /** Boots a shut-off domain of ours ({@code virsh start}); a running one is left as it is. */
    void start(String instanceId) {
        Domain domain = domains.lookup(instanceId);
        try {
            OurDomains.ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
            if (domain.isActive() == 1) {
                return;
            }
            domain.create();
            log.info("started instance={} reason=start", instanceId);
        } catch (LibvirtException e) {
            throw new PluginException("starting " + instanceId + " failed: " + LibvirtInstancePlugin.message(e), e);
        }
    }

    /**
     * Shuts a domain of ours down ({@code virsh shutdown}), kept defined with its volumes; a guest
     * that has not stopped after {@code grace} is powered off. A shut-off one is left as it is.
     * Only a warm pool member (tagged before) survives a reaping plugin's next sweep.
     */
    void stop(String instanceId, Duration grace) {
        Domain domain = domains.lookup(instanceId);
        try {
            InstanceMetadata metadata = OurDomains.ours(instanceId, Xml.parse(domain.getXMLDesc(0)));
            if (reapStopped && !LibvirtInstancePlugin.warm(metadata)) {
                throw new PluginException("instance " + instanceId + " is not tagged " + Tags.WARM + "=true: this plugin"
                        + " removes its stopped domains (reaping), so it would be lost; label it first");
            }
            if (domain.isActive() != 1) {
                return;
            }
            try {
                domain.shutdown();
            } catch (LibvirtException e) {
                if (e.getError().getCode() != ErrorNumber.VIR_ERR_OPERATION_INVALID) { // stopped meanwhile
                    throw e;
                }
            }
            long deadline = System.nanoTime() + grace.toNanos();
            while (domain.isActive() == 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (domain.isActive() == 1) {
                log.warn("instance={} did not shut down within {}; powering it off", instanceId, grace);
                domain.destroy();
            }
            log.info("stopped instance={} reason=stop", instanceId);
        } catch (LibvirtException e) {
            throw new PluginException("stopping " + instanceId + " failed: " + LibvirtInstancePlugin.message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("stopping " + instanceId + " was interrupted", e);
        }
    }
}
