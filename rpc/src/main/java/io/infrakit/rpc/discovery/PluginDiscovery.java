package io.infrakit.rpc.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.infrakit.rpc.InfrakitPaths;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.rpc.client.UnixHttp;
import io.infrakit.spi.PluginException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Lists the plugin sockets of a folder and asks each what it serves (Handshake.Hello). */
public final class PluginDiscovery {

    /** A handshake is cheap: a plugin that takes longer is as good as broken for a listing. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final InfrakitPaths paths;
    private final UnixHttp http;
    private final Duration timeout;

    public PluginDiscovery(InfrakitPaths paths, UnixHttp http, Duration timeout) {
        this.paths = paths;
        this.http = http;
        this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** Every socket of the plugins folder, sorted by name; empty when the folder does not exist. */
    public List<DiscoveredPlugin> list() {
        List<Path> sockets = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.pluginsDir())) {
            for (Path p : dir) {
                BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isOther()) { // sockets are neither files, folders nor links
                    sockets.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new PluginException("cannot list plugins folder " + paths.pluginsDir() + ": " + e.getMessage(), e);
        }
        sockets.sort(Comparator.comparing(p -> p.getFileName().toString()));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<DiscoveredPlugin>> futures = sockets.stream().map(s -> pool.submit(() -> probe(s))).toList();
            List<DiscoveredPlugin> found = new ArrayList<>();
            for (Future<DiscoveredPlugin> f : futures) {
                try {
                    found.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PluginException("interrupted while listing plugins", e);
                } catch (ExecutionException e) {
                    throw new PluginException("cannot probe a plugin: " + e.getCause(), e.getCause());
                }
            }
            return found;
        }
    }

    /** Asks one socket what it serves. */
    public DiscoveredPlugin probe(Path socket) {
        String name = socket.getFileName().toString();
        if (!listening(socket)) {
            return new DiscoveredPlugin(name, socket, DiscoveredPlugin.State.STALE, Map.of(), "nobody listens on the socket");
        }
        try {
            JsonNode hello = new RpcClient(http, socket, name, timeout).call("Handshake.Hello", Map.of());
            Map<String, List<String>> objects = new LinkedHashMap<>();
            hello.path("Objects").properties().forEach(e -> {
                List<String> names = new ArrayList<>();
                e.getValue().forEach(o -> names.add(o.path("Name").asText("")));
                objects.put(e.getKey(), List.copyOf(names));
            });
            return new DiscoveredPlugin(name, socket, DiscoveredPlugin.State.LIVE, objects, null);
        } catch (PluginException e) {
            return new DiscoveredPlugin(name, socket, DiscoveredPlugin.State.FAILED, Map.of(), e.getMessage());
        }
    }

    /** True when a process accepts connections on the socket. */
    public static boolean listening(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
