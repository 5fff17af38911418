package io.infrakit.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code infrakit explain libvirt} and PropertiesReader know the same fields. */
class LibvirtSchemaTest {

    @Test
    void theTreeIsTheReadersRecordsAndItsWordsNameRealFields() throws Exception {
        Field tree = new LibvirtPluginKind().propertiesSchema().orElseThrow();
        assertThat(tree.childNames()).containsExactly("MetadataStoragePool", "RootDisk", "Domain");
        assertThat(RecordSchema.unknownDocs(tree, LibvirtSchema.DOCS)).isEmpty();
        Field domain = tree.child("Domain").orElseThrow();
        assertThat(String.join(", ", domain.childNames())).isEqualTo(PropertiesReader.knownFields(LibvirtProperties.Domain.class));
        assertThat(domain.child("Type").orElseThrow().description()).contains("kvm", "qemu");
        assertThat(domain.child("Devices").flatMap(d -> d.child("Disks")).orElseThrow().type()).isEqualTo("list of object");

        // A field the tree does not have is one the reader refuses.
        ObjectNode props = (ObjectNode) Specs.seedExample().properties().deepCopy();
        ((ObjectNode) props.get("Domain")).put("Zzz", 1);
        assertThatThrownBy(() -> new PropertiesReader(new ObjectMapper()).read(props))
                .hasMessageContaining("Domain.Zzz: unknown field; known: " + String.join(", ", domain.childNames()));
    }
}
