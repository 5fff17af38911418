package io.infrakit.rpc.binding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.infrakit.rpc.PluginName;
import io.infrakit.rpc.client.RpcClient;
import io.infrakit.spi.InterfaceSpec;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.loadbalancer.HealthCheck;
import io.infrakit.spi.loadbalancer.L4;
import io.infrakit.spi.loadbalancer.L4Drain;
import io.infrakit.spi.loadbalancer.Route;

import java.time.Duration;
import java.util.List;

/**
 * L4/0.6.1 on the wire, in InfraKit's method names and JSON shapes ({@code pkg/rpc/loadbalancer}):
 * every request carries {@code Type}, every change answers {@code {Type, Result}} with a line of
 * text, and ConfigureHealthCheck has the health check's fields inline beside {@code Type}.
 * {@code L4.DrainBackends} is ours; InfraKit's plugins answer it with "method not found".
 */
public final class L4Rpc implements RpcInterface<L4> {

    public record TypeParams(@JsonProperty("Type") String type) {
    }

    @JsonPropertyOrder({"Type", "Name"})
    public record NameResult(@JsonProperty("Type") String type, @JsonProperty("Name") String name) {
    }

    @JsonPropertyOrder({"Type", "Routes"})
    public record RoutesResult(@JsonProperty("Type") String type, @JsonProperty("Routes") List<Route> routes) {
    }

    @JsonPropertyOrder({"Type", "Route"})
    public record PublishParams(@JsonProperty("Type") String type, @JsonProperty("Route") Route route) {
    }

    @JsonPropertyOrder({"Type", "ExtPort"})
    public record UnpublishParams(@JsonProperty("Type") String type, @JsonProperty("ExtPort") int extPort) {
    }

    /** Go embeds the HealthCheck inline: its fields sit beside {@code Type}. */
    @JsonPropertyOrder({"Type", "BackendPort", "Healthy", "Unhealthy", "Interval", "Timeout"})
    public record HealthCheckParams(@JsonProperty("Type") String type, @JsonProperty("BackendPort") int backendPort,
                                    @JsonProperty("Healthy") int healthy, @JsonProperty("Unhealthy") int unhealthy,
                                    @JsonProperty("Interval") long interval, @JsonProperty("Timeout") long timeout) {
        static HealthCheckParams of(String type, HealthCheck hc) {
            return new HealthCheckParams(type, hc.backendPort(), hc.healthy(), hc.unhealthy(), hc.intervalNanos(), hc.timeoutNanos());
        }

        HealthCheck healthCheck() {
            return new HealthCheck(backendPort, healthy, unhealthy, interval, timeout);
        }
    }

    @JsonPropertyOrder({"Type", "IDs"})
    public record BackendsParams(@JsonProperty("Type") String type, @JsonProperty("IDs") List<String> ids) {
    }

    /** Ours: {@code Wait} in nanoseconds, as Go's durations are. */
    @JsonPropertyOrder({"Type", "IDs", "Wait"})
    public record DrainParams(@JsonProperty("Type") String type, @JsonProperty("IDs") List<String> ids,
                              @JsonProperty("Wait") long waitNanos) {
    }

    @JsonPropertyOrder({"Type", "IDs"})
    public record BackendsResult(@JsonProperty("Type") String type, @JsonProperty("IDs") List<String> ids) {
    }

    @JsonPropertyOrder({"Type", "Result"})
    public record ChangeResult(@JsonProperty("Type") String type, @JsonProperty("Result") String result) {
    }

    private static final Route ZERO_ROUTE = new Route(0, null, 0, null, null, null);

    static final RpcMethod<L4, TypeParams> NAME = RpcMethod.of("L4.Name", TypeParams.class,
            (p, r) -> new NameResult(r.type(), p.name()), new TypeParams(""), new NameResult("", ""));

    static final RpcMethod<L4, TypeParams> ROUTES = RpcMethod.of("L4.Routes", TypeParams.class,
            (p, r) -> new RoutesResult(r.type(), p.routes()), new TypeParams(""), new RoutesResult("", null));

    static final RpcMethod<L4, PublishParams> PUBLISH = RpcMethod.of("L4.Publish", PublishParams.class,
            (p, r) -> {
                if (r.route() == null) {
                    throw new InvalidParamsException("\"Route\" is missing: give {Port, Protocol, LoadBalancerPort, LoadBalancerProtocol}");
                }
                return new ChangeResult(r.type(), p.publish(r.route()));
            },
            new PublishParams("", ZERO_ROUTE), new ChangeResult("", ""));

    static final RpcMethod<L4, UnpublishParams> UNPUBLISH = RpcMethod.of("L4.Unpublish", UnpublishParams.class,
            (p, r) -> new ChangeResult(r.type(), p.unpublish(r.extPort())),
            new UnpublishParams("", 0), new ChangeResult("", ""));

    static final RpcMethod<L4, HealthCheckParams> CONFIGURE_HEALTH_CHECK = RpcMethod.of("L4.ConfigureHealthCheck",
            HealthCheckParams.class, (p, r) -> new ChangeResult(r.type(), p.configureHealthCheck(r.healthCheck())),
            new HealthCheckParams("", 0, 0, 0, 0, 0), new ChangeResult("", ""));

    static final RpcMethod<L4, BackendsParams> REGISTER_BACKENDS = RpcMethod.of("L4.RegisterBackends", BackendsParams.class,
            (p, r) -> new ChangeResult(r.type(), p.registerBackends(ids(r.ids()))),
            new BackendsParams("", null), new ChangeResult("", ""));

    static final RpcMethod<L4, BackendsParams> DEREGISTER_BACKENDS = RpcMethod.of("L4.DeregisterBackends", BackendsParams.class,
            (p, r) -> new ChangeResult(r.type(), p.deregisterBackends(ids(r.ids()))),
            new BackendsParams("", null), new ChangeResult("", ""));

    static final RpcMethod<L4, TypeParams> BACKENDS = RpcMethod.of("L4.Backends", TypeParams.class,
            (p, r) -> new BackendsResult(r.type(), p.backends()), new TypeParams(""), new BackendsResult("", null));

    static final RpcMethod<L4, DrainParams> DRAIN_BACKENDS = RpcMethod.of("L4.DrainBackends", DrainParams.class,
            (p, r) -> {
                if (!(p instanceof L4Drain drain)) {
                    throw new PluginException("this load balancer cannot drain backends: deregister them instead");
                }
                if (r.waitNanos() < 0) {
                    throw new InvalidParamsException("\"Wait\" is " + r.waitNanos() + ": give nanoseconds, 0 or more");
                }
                return new ChangeResult(r.type(), drain.drainBackends(ids(r.ids()), Duration.ofNanos(r.waitNanos())));
            },
            new DrainParams("", null, 0), new ChangeResult("", ""));

    private static List<String> ids(List<String> ids) {
        return ids == null ? List.of() : ids;
    }

    @Override
    public InterfaceSpec spec() {
        return L4.SPEC;
    }

    @Override
    public Class<L4> type() {
        return L4.class;
    }

    @Override
    public List<RpcMethod<L4, ?>> methods() {
        return List.of(BACKENDS, CONFIGURE_HEALTH_CHECK, DEREGISTER_BACKENDS, DRAIN_BACKENDS, NAME, PUBLISH,
                REGISTER_BACKENDS, ROUTES, UNPUBLISH);
    }

    @Override
    public L4 client(RpcClient rpc, PluginName name) {
        return new Client(rpc, name.type());
    }

    /** An {@link L4} (and {@link L4Drain}) behind a socket: object {@code type} of the plugin {@code rpc} talks to. */
    public static final class Client extends ClientProxy implements L4, L4Drain {

        public Client(RpcClient rpc, String type) {
            super(rpc, typeOrDefault(type));
        }

        @Override
        public String name() {
            return NAME.call(rpc, new TypeParams(addressee), NameResult.class).name();
        }

        @Override
        public List<Route> routes() {
            return orEmpty(ROUTES.call(rpc, new TypeParams(addressee), RoutesResult.class).routes());
        }

        @Override
        public String publish(Route route) {
            return PUBLISH.call(rpc, new PublishParams(addressee, route), ChangeResult.class).result();
        }

        @Override
        public String unpublish(int loadBalancerPort) {
            return UNPUBLISH.call(rpc, new UnpublishParams(addressee, loadBalancerPort), ChangeResult.class).result();
        }

        @Override
        public String configureHealthCheck(HealthCheck healthCheck) {
            return CONFIGURE_HEALTH_CHECK.call(rpc, HealthCheckParams.of(addressee, healthCheck), ChangeResult.class).result();
        }

        @Override
        public String registerBackends(List<String> ids) {
            return REGISTER_BACKENDS.call(rpc, new BackendsParams(addressee, ids), ChangeResult.class).result();
        }

        @Override
        public String deregisterBackends(List<String> ids) {
            return DEREGISTER_BACKENDS.call(rpc, new BackendsParams(addressee, ids), ChangeResult.class).result();
        }

        @Override
        public List<String> backends() {
            return orEmpty(BACKENDS.call(rpc, new TypeParams(addressee), BackendsResult.class).ids());
        }

        @Override
        public String drainBackends(List<String> ids, Duration wait) {
            return DRAIN_BACKENDS.call(rpc, new DrainParams(addressee, ids, wait.toNanos()), ChangeResult.class).result();
        }
    }
}
