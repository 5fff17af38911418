package io.infrakit.spi.loadbalancer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * InfraKit's {@code loadbalancer.Route}: traffic arriving at the balancer on
 * {@code LoadBalancerPort} goes to the backends' {@code Port}. The key of a route is its
 * {@code LoadBalancerPort} (Unpublish takes it).
 *
 * @param port                 the port the backends listen on
 * @param protocol             the backends' protocol (TCP when left out)
 * @param loadBalancerPort     the port the balancer listens on
 * @param loadBalancerProtocol the balancer's protocol (the backends' when left out)
 * @param certificate          the certificate for HTTPS/SSL, where the balancer terminates TLS
 * @param healthMonitorPath    the HTTP path a health check asks, for HTTP routes
 */
@JsonPropertyOrder({"Port", "Protocol", "LoadBalancerPort", "LoadBalancerProtocol", "Certificate", "HealthMonitorPath"})
public record Route(
        @JsonProperty("Port") int port,
        @JsonProperty("Protocol") @JsonInclude(JsonInclude.Include.NON_NULL) Protocol protocol,
        @JsonProperty("LoadBalancerPort") int loadBalancerPort,
        @JsonProperty("LoadBalancerProtocol") @JsonInclude(JsonInclude.Include.NON_NULL) Protocol loadBalancerProtocol,
        @JsonProperty("Certificate") String certificate,
        @JsonProperty("HealthMonitorPath") String healthMonitorPath) {

    /** A plain TCP route. */
    public static Route tcp(int loadBalancerPort, int port) {
        return new Route(port, Protocol.TCP, loadBalancerPort, Protocol.TCP, null, null);
    }

    public Protocol protocolOrDefault() {
        return protocol == null ? Protocol.TCP : protocol;
    }

    public Protocol loadBalancerProtocolOrDefault() {
        return loadBalancerProtocol == null ? protocolOrDefault() : loadBalancerProtocol;
    }

    /** What is wrong with this route, worded for a user, or null (InfraKit's Route.Validate, same rules). */
    public String problem() {
        if (port < 1 || port > 65535) {
            return "Port " + port + " is not a TCP port: give the port the backends listen on (1-65535)";
        }
        if (loadBalancerPort < 1 || loadBalancerPort > 65535) {
            return "LoadBalancerPort " + loadBalancerPort + " is not a TCP port: give the port the balancer listens on (1-65535)";
        }
        if (loadBalancerProtocolOrDefault() == Protocol.HTTPS && (certificate == null || certificate.isBlank())) {
            return "LoadBalancerProtocol is HTTPS but Certificate is missing: give a certificate or use TCP";
        }
        return null;
    }
}
