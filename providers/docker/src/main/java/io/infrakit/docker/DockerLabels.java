package io.infrakit.docker;

/** Labels this plugin writes on the containers it creates, besides the instance's tags. */
public final class DockerLabels {
    /** Marks a container as created by this plugin: nothing without it is listed, watched or destroyed. */
    public static final String MANAGED = "infrakit.docker.managed";
    /**
     * Outcome of the Init script: {@code running} while it runs, then {@code succeeded} or
     * {@code failed} (absent: no Init). A tag added
     * after creation (see {@link LabelOverlay}), so a flavor or a user can tell a broken instance.
     */
    public static final String INIT_STATUS = io.infrakit.spi.Tags.INIT_STATUS;
    /** Exit code of a failed Init script ({@code timeout} when it did not finish in time). */
    public static final String INIT_EXIT = "infrakit.init.exit";

    static final String INIT_RUNNING = io.infrakit.spi.Tags.INIT_RUNNING;
    static final String INIT_SUCCEEDED = io.infrakit.spi.Tags.INIT_SUCCEEDED;
    static final String INIT_FAILED = io.infrakit.spi.Tags.INIT_FAILED;

    private DockerLabels() {
    }
}
