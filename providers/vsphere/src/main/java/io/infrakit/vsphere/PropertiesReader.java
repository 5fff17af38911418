package io.infrakit.vsphere;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.infrakit.spi.PluginException;

import java.util.Map;
import java.util.regex.Pattern;

/** Binds a group's Properties for plugin vsphere strictly and checks them without asking vCenter. */
final class PropertiesReader {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,60}");

    private final Map<String, String> defaults;
    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** @param defaults the plugin options' Datacenter, Datastore, Network and Hostname */
    PropertiesReader(Map<String, String> defaults) {
        this.defaults = defaults;
    }

    /** Binds and checks Properties without asking vCenter; the options' defaults fill what is left out. */
    VsphereProperties read(JsonNode properties) {
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            throw new PluginException("vsphere: Properties are missing; give at least Datastore and Template (or ISOPath)");
        }
        if (!properties.isObject()) {
            throw new PluginException("vsphere: Properties must be an object with Datastore and Template (or ISOPath), not " + properties.getNodeType());
        }
        VsphereProperties p;
        try {
            p = strict.treeToValue(properties, VsphereProperties.class);
        } catch (UnrecognizedPropertyException e) {
            throw new PluginException("vsphere: unknown field Properties." + e.getPropertyName() + "; known fields: "
                    + String.join(", ", VsphereSchema.DOCS.keySet()) + " (see `infrakit explain vsphere`)");
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? m.getPath().getFirst().getFieldName() : "?";
            throw new PluginException("vsphere: Properties." + field + " has the wrong type; see `infrakit explain vsphere`");
        }
        Map<String, String> d = defaults;
        p = new VsphereProperties(
                or(p.datacenter(), d.get(VsphereOptions.DATACENTER)), or(p.datastore(), d.get(VsphereOptions.DATASTORE)),
                p.cluster() == null ? or(p.hostname(), d.get(VsphereOptions.HOSTNAME)) : p.hostname(), p.cluster(),
                or(p.network(), d.get(VsphereOptions.NETWORK)), p.template(), p.isoPath(), p.memory(), p.cpus(), p.powerOn(),
                p.annotation(), p.vmPrefix(), p.tags(), p.guestUser(), p.guestPassword());
        boolean template = p.template() != null && !p.template().isBlank();
        boolean iso = p.isoPath() != null && !p.isoPath().isBlank();
        if (template && iso) {
            throw new PluginException("vsphere: give Properties.Template (a template or VM to clone) or Properties.ISOPath (an ISO to boot), not both");
        }
        if (!template && !iso) {
            throw new PluginException("vsphere: Properties.Template or Properties.ISOPath is required: Template names a template or VM to clone,"
                    + " ISOPath an ISO on the Datastore, e.g. \"ISOPath\": \"linuxkit/vSphere.iso\"");
        }
        if (p.datastore() == null || p.datastore().isBlank()) {
            throw new PluginException("vsphere: Properties.Datastore is required (the datastore for the VMs' files), e.g. \"Datastore\": \"vSphereNFS\","
                    + " or start the plugin with --opt vsphere.datastore=NAME");
        }
        if (p.memory() != null && (p.memory() < 4 || p.memory() > 6 * 1024 * 1024 || p.memory() % 4 != 0)) {
            throw new PluginException("vsphere: Properties.Memory=" + p.memory() + " must be a multiple of 4 MB from 4 to 6291456, e.g. 512");
        }
        if (p.cpus() != null && (p.cpus() < 1 || p.cpus() > 768)) {
            throw new PluginException("vsphere: Properties.CPUs=" + p.cpus() + " must be from 1 to 768, e.g. 1");
        }
        if (p.vmPrefix() != null && !PREFIX.matcher(p.vmPrefix()).matches()) {
            throw new PluginException("vsphere: Properties.vmPrefix='" + p.vmPrefix() + "' must be letters, digits, '.', '_' or '-' (at most 61), e.g. web");
        }
        GuestLogins.of(p); // a half-given or unfilled guest login is refused now, not at the first command
        return p;
    }

    private static String or(String value, String dflt) {
        return value == null || value.isBlank() ? dflt : value;
    }
}
