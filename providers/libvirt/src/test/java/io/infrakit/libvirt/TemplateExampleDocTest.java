package io.infrakit.libvirt;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/deployments.md shows examples/deployments/template-qemu.yml as DeployTemplateOnQemuTest runs it. */
class TemplateExampleDocTest {

    @Test
    void theDocsShowTheTestedFileWordForWord() throws Exception {
        String example = Files.readString(DeployTemplateOnQemuTest.EXAMPLE).stripTrailing();
        String docs = Files.readString(Specs.repoRoot().resolve("docs/deployments.md"));
        assertThat(docs).contains("```yaml\n# examples/deployments/template-qemu.yml\n" + example + "\n```");
    }
}
