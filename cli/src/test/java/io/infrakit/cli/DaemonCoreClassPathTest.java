package io.infrakit.cli;

import io.infrakit.rpc.host.PluginHost;
import io.infrakit.spi.plugin.PluginKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/infrakit starts daemons of the core kinds with the daemon-core module's jars only (docs/performance.md, "Start,
 * third pass"). That list must stay the cli's dependencies less the providers', stores' and controllers' modules, and
 * the kinds bin/infrakit gives it must be kinds those modules hold, or such a daemon would miss a class.
 */
class DaemonCoreClassPathTest {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>(.*?)</dependency>", Pattern.DOTALL);

    private static List<String> dependencies(Path pom) throws IOException {
        String text = Files.readString(pom).replaceAll("(?s)<!--.*?-->", "");
        String deps = text.substring(text.indexOf("<dependencies>"), text.indexOf("</dependencies>"));
        List<String> found = new ArrayList<>();
        Matcher m = DEPENDENCY.matcher(deps);
        while (m.find()) {
            String rest = m.group(3);
            if (!rest.contains("<scope>test</scope>") && !rest.contains("<type>test-jar</type>")) {
                found.add(m.group(1) + ":" + m.group(2));
            }
        }
        return found;
    }

    @Test
    void daemonCoreIsTheCliLessProvidersStoresAndControllers() throws IOException {
        List<String> expected = dependencies(Path.of("pom.xml")).stream()
                .filter(d -> !(d.startsWith("io.infrakit:infrakit-provider-") && !d.endsWith("-simulator")))
                .filter(d -> !d.startsWith("io.infrakit:infrakit-store-") && !d.equals("io.infrakit:infrakit-controllers"))
                .toList();
        assertThat(expected).contains("io.infrakit:infrakit-core", "io.infrakit:infrakit-provider-simulator", "info.picocli:picocli")
                .doesNotContain("io.infrakit:infrakit-provider-aws");
        assertThat(dependencies(Path.of("..", "daemon-core", "pom.xml"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theCoreKindsOfBinInfrakitAreKindsOfTheDaemonCore() throws IOException {
        String script = Files.readString(Path.of("..", "bin", "infrakit"));
        Matcher m = Pattern.compile("case \"\\$\\{a%%:\\*}\" in ([a-z|]+)\\)").matcher(script);
        assertThat(m.find()).as("bin/infrakit's core_kinds_only lists the core kinds").isTrue();
        List<String> coreKinds = List.of(m.group(1).split("\\|"));
        assertThat(coreKinds).contains("group", "vanilla", "simulator");
        Map<String, PluginKind> installed = PluginHost.installedKinds();
        for (String kind : coreKinds) {
            assertThat(installed).as("kind %s", kind).containsKey(kind);
            String module = installed.get(kind).getClass().getPackageName();
            assertThat(module).as("kind %s comes from a daemon-core module", kind)
                    .isIn("io.infrakit.core.group", "io.infrakit.vanilla", "io.infrakit.simulator");
        }
    }
}
