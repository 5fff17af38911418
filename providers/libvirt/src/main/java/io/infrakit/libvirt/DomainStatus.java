package io.infrakit.libvirt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What {@code DescribeInstances(Properties: true)} reports for one domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Name", "UUID", "Type", "State", "MemoryKiB", "VCPU", "Volumes", "ConsoleLogs"})
public record DomainStatus(
        @JsonProperty("Name") String name,
        @JsonProperty("UUID") String uuid,
        @JsonProperty("Type") String type,
        @JsonProperty("State") String state,
        @JsonProperty("MemoryKiB") Long memoryKiB,
        @JsonProperty("VCPU") Integer vcpu,
        @JsonProperty("Volumes") List<InstanceMetadata.VolumeRef> volumes,
        @JsonProperty("ConsoleLogs") List<String> consoleLogs) {

    /** What libvirt says of one domain of ours; {@code xml} is its description. */
    static DomainStatus of(Domain domain, Document xml, InstanceMetadata metadata, DomainInfo.DomainState state) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        // A console that shares the serial port repeats its <log>: keep each file once.
        Set<String> logs = new LinkedHashSet<>();
        NodeList logNodes = xml.getElementsByTagName("log");
        for (int i = 0; i < logNodes.getLength(); i++) {
            logs.add(((Element) logNodes.item(i)).getAttribute("file"));
        }
        NodeList serials = xml.getElementsByTagName("serial");
        for (int i = 0; i < serials.getLength(); i++) {
            Element s = (Element) serials.item(i);
            Element source = Xml.first(s, "source");
            if ("file".equals(s.getAttribute("type")) && source != null) {
                logs.add(source.getAttribute("path"));
            }
        }
        return new DomainStatus(domain.getName(), domain.getUUIDString(), xml.getDocumentElement().getAttribute("type"),
                LibvirtInstancePlugin.stateName(state), info.memory, info.nrVirtCpu, metadata.volumes(), logs.isEmpty() ? null : List.copyOf(logs));
    }
}
