package io.infrakit.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.Attachment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The networks a {@link ContainerRequest} names: checked before creation, joined before start. */
final class Networks {

    private static final Logger log = LoggerFactory.getLogger(Networks.class);

    private final DockerEngine engine;

    Networks(DockerEngine engine) {
        this.engine = engine;
    }

    /**
     * Checks that the networks the spec names exist before anything is created: the engine only
     * notices a missing one when the container starts, with a terse "network x not found".
     */
    void require(ContainerRequest request) {
        for (var e : request.requiredNetworks().entrySet()) {
            try {
                engine.api().inspectNetworkCmd().withNetworkId(e.getKey()).exec();
            } catch (NotFoundException ex) {
                log.warn("provision failed: {} reason=network {} not found", request.who(), e.getKey());
                throw missing(e.getValue(), e.getKey(), ex);
            }
        }
    }

    /** Connects a created (not yet started) container to the request's networks, with its aliases. */
    void connect(String containerId, ContainerRequest request) {
        for (Attachment a : request.ignored()) {
            log.warn("attachment {} of type {} ignored: the docker plugin only attaches networks (Type \"network\") {}",
                    a.id(), a.type(), request.who());
        }
        for (ContainerRequest.NetworkJoin join : request.joins()) {
            try {
                engine.api().connectToNetworkCmd().withNetworkId(join.network()).withContainerId(containerId)
                        .withContainerNetwork(new ContainerNetwork().withAliases(join.aliases())).exec();
            } catch (NotFoundException e) {
                throw missing(join.field(), join.network(), e);
            }
        }
    }

    private static PluginException missing(String field, String network, Exception cause) {
        return new PluginException(field + " names network '" + network
                + "', which the engine does not have; create it with docker network create " + network, cause);
    }
}
