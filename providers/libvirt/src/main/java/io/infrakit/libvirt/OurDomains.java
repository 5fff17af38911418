package io.infrakit.libvirt;

import io.infrakit.spi.PluginException;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.w3c.dom.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Finding the plugin's domains on the connection: by name, or all that may be ours. A domain is
 * ours when its {@code <metadata>} carries InfraKit's element; anything else is never touched.
 */
final class OurDomains {

    private final Connection connection;

    OurDomains(Connection connection) {
        this.connection = connection;
    }

    /** Every domain whose name has our prefix; the metadata decides whether it is really ours. */
    List<Domain> candidates() {
        List<Domain> domains = new ArrayList<>();
        try {
            for (int domainId : connection.get().listDomains()) {
                try {
                    Domain d = connection.get().domainLookupByID(domainId);
                    if (d.getName().startsWith(LibvirtInstancePlugin.NAME_PREFIX)) {
                        domains.add(d);
                    }
                } catch (LibvirtException e) {
                    // stopped since listed
                }
            }
            for (String name : connection.get().listDefinedDomains()) {
                if (name.startsWith(LibvirtInstancePlugin.NAME_PREFIX)) {
                    try {
                        domains.add(connection.get().domainLookupByName(name));
                    } catch (LibvirtException e) {
                        // undefined since listed
                    }
                }
            }
        } catch (LibvirtException e) {
            throw new PluginException("listing domains on " + connection.uri() + " failed: " + LibvirtInstancePlugin.message(e), e);
        }
        return domains;
    }

    /** The domain named {@code instanceId}; fails saying so when there is none. */
    Domain lookup(String instanceId) {
        try {
            return connection.get().domainLookupByName(instanceId);
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                throw new PluginException("no instance '" + instanceId + "' on " + connection.uri() + " (infrakit instance describe --plugin libvirt lists them)", e);
            }
            throw new PluginException("looking up " + instanceId + " failed: " + LibvirtInstancePlugin.message(e), e);
        }
    }

    /** Refuses to touch a domain that InfraKit did not create. */
    static InstanceMetadata ours(String instanceId, Document xml) {
        InstanceMetadata metadata = InstanceMetadata.fromDomainXml(xml);
        if (metadata == null) {
            throw new PluginException("domain '" + instanceId + "' was not created by InfraKit (no " + InstanceMetadata.NAMESPACE
                    + " metadata); refusing to touch it");
        }
        return metadata;
    }
}
