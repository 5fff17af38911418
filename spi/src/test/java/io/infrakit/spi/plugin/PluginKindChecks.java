package io.infrakit.spi.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.infrakit.spi.schema.Field;
import io.infrakit.spi.schema.RecordSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every provider's {@code *PluginKindTest} makes of its kind, in one place (published in
 * infrakit-spi's test-jar): the kind is found the way the CLI finds it, its Properties schema is the
 * record Validate binds, every field is documented, and its docs page names every option and property;
 * also the context a kind is started with.
 */
public final class PluginKindChecks {

    private PluginKindChecks() {
    }

    /**
     * What the daemon hands a kind's {@code start}: {@code home} as $INFRAKIT_HOME, its plugins folder
     * under it, the given options, and no other plugins (asking for one fails the test).
     */
    public static PluginContext context(Path home, Map<String, String> options) {
        return new PluginContext() {
            @Override
            public Path home() {
                return home;
            }

            @Override
            public Path pluginsDir() {
                return home.resolve("plugins");
            }

            @Override
            public PluginLookup plugins() {
                throw new UnsupportedOperationException("this test gives the kind no other plugins");
            }

            @Override
            public Map<String, String> options() {
                return options;
            }
        };
    }

    /** The kind named {@code name}, found by {@link ServiceLoader} as {@code infrakit plugin start} finds it. */
    public static PluginKind kind(String name) {
        return ServiceLoader.load(PluginKind.class).stream().map(ServiceLoader.Provider::get)
                .filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Asserts that the kind's schema has the names of {@code properties}' components (their
     * {@code @JsonProperty}), in order, each documented and no doc for a field that is not there.
     * Returns the schema for the caller's own checks.
     */
    public static Field schemaIsTheRecord(PluginKind kind, Class<? extends Record> properties, Map<String, RecordSchema.Doc> docs) {
        Field schema = kind.propertiesSchema().orElseThrow();
        assertThat(schema.childNames()).containsExactlyElementsOf(Arrays.stream(properties.getRecordComponents())
                .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value()).toList());
        assertThat(RecordSchema.undocumented(schema)).isEmpty();
        assertThat(RecordSchema.unknownDocs(schema, docs)).isEmpty();
        return schema;
    }

    /**
     * Asserts that docs/providers/{@code provider}.md has a table row for every option and property.
     * Returns the page for the caller's own checks. Runs from the provider module's directory.
     */
    public static String docsPageNamesEvery(String provider, Collection<String> options, Collection<String> properties)
            throws IOException {
        String page = Files.readString(Path.of("../../docs/providers/" + provider + ".md"));
        for (String option : options) {
            assertThat(page).as("option " + option).contains("| `" + option + "`");
        }
        for (String property : properties) {
            assertThat(page).as("property " + property).contains("| `" + property + "`");
        }
        return page;
    }

    /**
     * The names of the classes a fresh class loader over this class path loads while every kind is
     * listed and described (name, options, properties schema), as {@code infrakit plugin kinds} does:
     * a kind must not pull its cloud SDK in just to be listed.
     */
    public static String classesLoadedByListingKinds() throws Exception {
        java.util.Set<String> loaded = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.net.URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).map(u -> {
            try {
                return Path.of(u).toUri().toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(java.net.URL[]::new);
        try (var loader = new java.net.URLClassLoader(urls, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                loaded.add(name);
                return super.loadClass(name, resolve);
            }
        }) {
            Class<?> kindApi = loader.loadClass(PluginKind.class.getName());
            for (Object k : ServiceLoader.load(kindApi, loader)) {
                kindApi.getMethod("name").invoke(k);
                kindApi.getMethod("options").invoke(k);
                kindApi.getMethod("propertiesSchema").invoke(k);
            }
        }
        return String.join(",", loaded);
    }
}
