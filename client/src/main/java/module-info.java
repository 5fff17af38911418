/**
 * The thin client (docs/cli.md, "The thin client"): java.base and jdk.net only. A module so that
 * the JDK's service look-up finds {@link io.infrakit.client.UrandomProvider} before its own providers
 * when bin/infrakit launches it with {@code -m}; on the class path it works the same without that.
 */
module io.infrakit.client {
    requires jdk.net;

    exports io.infrakit.client;

    provides java.security.Provider with io.infrakit.client.UrandomProvider;
}
