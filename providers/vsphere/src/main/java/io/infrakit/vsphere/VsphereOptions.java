package io.infrakit.vsphere;

import io.infrakit.spi.plugin.OptionValues;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the plugin reaches vCenter and what it does by default: {@code --opt vsphere.KEY=VALUE}
 * (see {@link #DESCRIPTIONS}), with InfraKit's environment variables as fallbacks.
 *
 * @param sdk             the SDK URL without user information, e.g. {@code https://vc/sdk}
 * @param credentials     user and password
 * @param caFile          CAs to trust for vCenter's certificate (null: the JDK's)
 * @param insecure        trust any certificate (only when asked)
 * @param defaults        Properties used when a group leaves them out (Datacenter, Datastore, Network, Hostname)
 * @param ignoreOnDestroy Destroy stops managing a VM (its tags are cleared) instead of deleting it
 * @param reapPoweredOff  a VM of ours powered off behind our back is deleted when its power-off is seen
 * @param taskTimeout     how long one vSphere task is followed
 * @param requestTimeout  timeout of one SOAP request
 * @param guest           the guest login for VMs whose Properties give none (options guest-user, guest-password-file), or null
 */
public record VsphereOptions(URI sdk, Credentials credentials, Path caFile, boolean insecure, Map<String, String> defaults,
                             boolean ignoreOnDestroy, boolean reapPoweredOff, Duration taskTimeout, Duration requestTimeout,
                             Credentials guest) {

    public static final String URL = "url";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String PASSWORD_FILE = "password-file";
    public static final String CA_FILE = "ca-file";
    public static final String INSECURE = "insecure";
    public static final String DATACENTER = "datacenter";
    public static final String DATASTORE = "datastore";
    public static final String NETWORK = "network";
    public static final String HOSTNAME = "hostname";
    public static final String IGNORE_ON_DESTROY = "ignore-on-destroy";
    public static final String REAP_POWERED_OFF = "reap-powered-off";
    public static final String TASK_TIMEOUT = "task-timeout";
    public static final String REQUEST_TIMEOUT = "request-timeout";
    public static final String GUEST_USER = "guest-user";
    public static final String GUEST_PASSWORD_FILE = "guest-password-file";

    public static final String ENV_URL = "INFRAKIT_VSPHERE_URL";
    /** InfraKit's names for the URL, still accepted. */
    public static final String ENV_VCURL = "INFRAKIT_VSPHERE_VCURL";
    public static final String ENV_VCURL_SHORT = "VCURL";
    public static final String ENV_USER = "INFRAKIT_VSPHERE_USER";
    public static final String ENV_PASSWORD = "INFRAKIT_VSPHERE_PASSWORD";
    public static final String ENV_PASSWORD_FILE = "INFRAKIT_VSPHERE_PASSWORD_FILE";
    public static final String ENV_CA_FILE = "INFRAKIT_VSPHERE_CA_FILE";

    /** InfraKit's environment defaults for Properties, by option. */
    static final Map<String, String> ENV_DEFAULTS = Map.of(
            DATACENTER, "INFRAKIT_VSPHERE_VCDATACENTER", DATASTORE, "INFRAKIT_VSPHERE_VCDATASTORE",
            NETWORK, "INFRAKIT_VSPHERE_VCNETWORK", HOSTNAME, "INFRAKIT_VSPHERE_VCHOST");

    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(URL, "the SDK URL, https://VCENTER/sdk (default $" + ENV_URL + ", then InfraKit's $" + ENV_VCURL + " or $" + ENV_VCURL_SHORT
                + "); InfraKit's https://USER:PASSWORD@VCENTER/sdk form is accepted");
        d.put(USER, "the vCenter user, e.g. administrator@vsphere.local (default $" + ENV_USER + ", else the URL's user)");
        d.put(PASSWORD, "the password (default $" + ENV_PASSWORD + "); prefer password-file, since options show in process lists");
        d.put(PASSWORD_FILE, "a file readable by its owner only (chmod 600) whose first line is the password (default $" + ENV_PASSWORD_FILE + ")");
        d.put(CA_FILE, "PEM file of the CAs that signed vCenter's certificate (default $" + ENV_CA_FILE + ", else the JDK's CAs)");
        d.put(INSECURE, "true|false (default false): trust any certificate and host name; for labs only, never the default");
        d.put(DATACENTER, "Datacenter when a group leaves it out (default $" + ENV_DEFAULTS.get(DATACENTER) + "); also where groups are listed");
        d.put(DATASTORE, "Datastore when a group leaves it out (default $" + ENV_DEFAULTS.get(DATASTORE) + ")");
        d.put(NETWORK, "Network when a group leaves it out (default $" + ENV_DEFAULTS.get(NETWORK) + ")");
        d.put(HOSTNAME, "Hostname when a group leaves it out (default $" + ENV_DEFAULTS.get(HOSTNAME) + ")");
        d.put(IGNORE_ON_DESTROY, "true|false (default false): Destroy stops managing a VM (clears its tags) and leaves it in vCenter;"
                + " InfraKit's --ignoreOnDestroy");
        d.put(REAP_POWERED_OFF, "true|false (default true): a VM of ours provisioned with PowerOn that is powered off behind our back is"
                + " deleted when the change is seen (it is replaced either way)");
        d.put(TASK_TIMEOUT, "duration (default 10m): how long to follow one vSphere task (clone, create, power, destroy)");
        d.put(REQUEST_TIMEOUT, "duration (default 60s): timeout of one SOAP request");
        d.put(GUEST_USER, "the guest user for commands and files in VMs (guest operations through VMware Tools) whose Properties give no GuestUser");
        d.put(GUEST_PASSWORD_FILE, "a file readable by its owner only (chmod 600) whose first line is guest-user's password");
        DESCRIPTIONS = Collections.unmodifiableMap(d);
    }

    /** InfraKit's option names, accepted as spelled there. */
    static final Map<String, String> ALIASES = Map.of("ignoreOnDestroy", IGNORE_ON_DESTROY, "vcenter-url", URL);

    /** Defaults for tests and Java callers. */
    public static VsphereOptions of(URI sdk, Credentials credentials, Path caFile, boolean insecure) {
        return new VsphereOptions(sdk, credentials, caFile, insecure, Map.of(), false, true, Duration.ofMinutes(10), Duration.ofSeconds(60), null);
    }

    public VsphereOptions withIgnoreOnDestroy(boolean v) {
        return new VsphereOptions(sdk, credentials, caFile, insecure, defaults, v, reapPoweredOff, taskTimeout, requestTimeout, guest);
    }

    public VsphereOptions withDefaults(Map<String, String> d) {
        return new VsphereOptions(sdk, credentials, caFile, insecure, Map.copyOf(d), ignoreOnDestroy, reapPoweredOff, taskTimeout, requestTimeout, guest);
    }

    public VsphereOptions withGuest(Credentials g) {
        return new VsphereOptions(sdk, credentials, caFile, insecure, defaults, ignoreOnDestroy, reapPoweredOff, taskTimeout, requestTimeout, g);
    }

    public VsphereOptions withRequestTimeout(Duration d) {
        return new VsphereOptions(sdk, credentials, caFile, insecure, defaults, ignoreOnDestroy, reapPoweredOff, taskTimeout, d, guest);
    }

    /** Reads the options; unknown keys and bad values are refused naming the option and the fix. */
    public static VsphereOptions parse(Map<String, String> given, Map<String, String> env) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = ALIASES.getOrDefault(e.getKey(), e.getKey());
            if (!DESCRIPTIONS.containsKey(key)) {
                throw OptionValues.unknown("vsphere", e.getKey(), DESCRIPTIONS.keySet());
            }
            options.put(key, e.getValue());
        }
        OptionValues values = new OptionValues("vsphere", options, "30s or 10m", "30s");
        String url = first(options.get(URL), env.get(ENV_URL), env.get(ENV_VCURL), env.get(ENV_VCURL_SHORT));
        if (url == null) {
            throw new IllegalArgumentException("no vCenter URL: give --opt vsphere.url=https://VCENTER/sdk or set " + ENV_URL);
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("vsphere option url='" + redact(url) + "' is not an https URL; write it like https://vcenter.example.com/sdk");
        }
        String urlUser = null;
        String urlPassword = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            urlUser = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            urlPassword = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/") ? "/sdk" : uri.getRawPath();
        URI sdk = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path);

        String user = first(options.get(USER), env.get(ENV_USER), urlUser);
        Credentials credentials;
        String file = first(options.get(PASSWORD_FILE), env.get(ENV_PASSWORD_FILE));
        if (options.get(PASSWORD) != null) {
            credentials = new Credentials(user, options.get(PASSWORD).toCharArray(), "option password");
        } else if (file != null) {
            credentials = new Credentials(user, Credentials.readPasswordFile(Path.of(file)), "password file " + file);
        } else if (env.get(ENV_PASSWORD) != null) {
            credentials = new Credentials(user, env.get(ENV_PASSWORD).toCharArray(), "environment " + ENV_PASSWORD);
        } else {
            credentials = new Credentials(user, urlPassword == null ? null : urlPassword.toCharArray(), "the URL");
        }
        String ca = first(options.get(CA_FILE), env.get(ENV_CA_FILE));
        boolean insecure = values.bool(INSECURE, false);
        if (insecure && ca != null) {
            throw new IllegalArgumentException("vsphere options insecure=true and ca-file=" + ca + " contradict each other; drop insecure");
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String key : new String[]{DATACENTER, DATASTORE, NETWORK, HOSTNAME}) {
            String v = first(options.get(key), env.get(ENV_DEFAULTS.get(key)));
            if (v != null) {
                defaults.put(key, v);
            }
        }
        return new VsphereOptions(sdk, credentials, ca == null ? null : Path.of(ca), insecure, Map.copyOf(defaults),
                values.bool(IGNORE_ON_DESTROY, false), values.bool(REAP_POWERED_OFF, true),
                values.duration(TASK_TIMEOUT, Duration.ofMinutes(10)), values.duration(REQUEST_TIMEOUT, Duration.ofSeconds(60)),
                guest(options.get(GUEST_USER), options.get(GUEST_PASSWORD_FILE)));
    }

    private static Credentials guest(String user, String passwordFile) {
        if (user == null && passwordFile == null) {
            return null;
        }
        if (user == null || user.isBlank() || passwordFile == null) {
            throw new IllegalArgumentException("vsphere options guest-user and guest-password-file go together: give both (the guest's login"
                    + " for deployment steps), or neither");
        }
        return new Credentials(user, Credentials.readPasswordFile(Path.of(passwordFile)), "guest password file " + passwordFile);
    }

    /** The URL with any password replaced, for messages. */
    static String redact(String url) {
        return url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:****@");
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "VsphereOptions[" + sdk + ", " + credentials + (insecure ? ", insecure" : caFile != null ? ", ca-file " + caFile : "")
                + (ignoreOnDestroy ? ", ignore-on-destroy" : "") + "]";
    }
}
