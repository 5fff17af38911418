package io.infrakit.core.deploy;

import java.util.List;

/** A checked deployment file: its name (what {@code --resume} finds its state by) and its deployments, in order. */
public record DeploymentFile(String name, String source, List<Deployment> deployments) {
}
