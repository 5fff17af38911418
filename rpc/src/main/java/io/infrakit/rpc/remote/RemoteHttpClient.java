package io.infrakit.rpc.remote;

import io.infrakit.rpc.client.OnDemandHttpClient;
import io.infrakit.rpc.client.UnixHttp.Answer;
import io.infrakit.spi.PluginException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTPS to a remote daemon's {@link RemoteListener}: verifies the daemon's certificate (CA and
 * host name), presents the client certificate or the bearer token. {@code POST /NAME} reaches the
 * plugin served on socket NAME there.
 */
public final class RemoteHttpClient implements AutoCloseable {
    public static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private final RemoteTarget target;
    private final OnDemandHttpClient client;

    public RemoteHttpClient(RemoteTarget target) {
        this.target = target;
        SslContextFactory.Client tls = new SslContextFactory.Client();
        if (target.caFile() != null) {
            tls.setTrustStore(PemFiles.trustStore(target.caFile()));
            tls.setTrustStorePassword(new String(PemFiles.STORE_PASSWORD));
        }
        if (target.certFile() != null) {
            tls.setKeyStore(PemFiles.keyStore(target.certFile(), target.keyFile()));
            tls.setKeyStorePassword(new String(PemFiles.STORE_PASSWORD));
            tls.setKeyManagerPassword(new String(PemFiles.STORE_PASSWORD));
        }
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        QueuedThreadPool threads = new QueuedThreadPool(16, 1);
        threads.setName("infrakit-remote-client");
        threads.setDaemon(true);
        connector.setExecutor(threads);
        connector.setScheduler(new ScheduledExecutorScheduler("infrakit-remote-client-scheduler", true));
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setConnectTimeout(5_000);
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        client = new OnDemandHttpClient(http, "HTTPS client");
    }

    public RemoteTarget target() {
        return target;
    }


    /** {@code POST /NAME} with a JSON-RPC body; waits for the whole answer. */
    public Answer post(String pluginName, byte[] body, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Request request = client.get().newRequest(target.base().resolve("/" + pluginName))
                .method(HttpMethod.POST)
                .body(new BytesRequestContent("application/json", body));
        return send(request, timeout);
    }

    /** {@code GET /NAME/PATH}, e.g. the plugin's {@code /info/api.json}. */
    public Answer get(String pluginName, String path, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        return send(client.get().newRequest(target.base().resolve("/" + pluginName + path)).method(HttpMethod.GET), timeout);
    }

    private Answer send(Request request, Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
        if (target.token() != null) {
            request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + target.token()));
        }
        request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ContentResponse r = new CompletableResponseListener(request, MAX_ANSWER_BYTES).send()
                .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        if (r.getStatus() == 401) {
            throw new PluginException("the daemon at " + target + " refused our credentials (HTTP 401): check "
                    + RemoteTarget.TOKEN_ENV + " or the client certificate (" + RemoteTarget.CERT_ENV + ")");
        }
        return new Answer(r.getStatus(), r.getHeaders().get(HttpHeader.CONTENT_TYPE), r.getContent());
    }

    @Override
    public void close() {
        client.close();
    }
}
