package io.infrakit.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** Makes sure an image is on the engine before a container is created from it. */
final class ImagePuller {

    private static final Logger log = LoggerFactory.getLogger(ImagePuller.class);

    private final DockerEngine engine;
    private final DockerSettings settings;

    ImagePuller(DockerEngine engine, DockerSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    /** Returns when the image is there; pulls it if allowed, else fails saying how to load it. */
    void ensure(String image, String who) {
        try {
            engine.api().inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            // not here: pull below
        } catch (RuntimeException e) {
            throw e instanceof DockerException de ? new PluginException(DockerEngine.message(de), e) : engine.unreachable(e);
        }
        String why = settings.pull() ? pull(image, who) : "pulling is off (docker.pull=false)";
        if (why == null) {
            return;
        }
        log.warn("provision failed: {} image={} reason=image missing, {}", who, image, why);
        throw new PluginException("image '" + image + "' is not on the Docker engine at " + engine.host() + " and "
                + why + ". Load it into the engine first: `docker load -i IMAGE.tar` (an image saved with docker save), "
                + "`tar -C ROOTFS -c . | docker import - " + image + "`, or `docker build -t " + image + " DIR`; "
                + "or make its registry reachable");
    }

    /** Pulls the image; null when it is there afterwards, else why not. */
    private String pull(String image, String who) {
        ImageReference ref = ImageReference.parse(image);
        log.info("pulling image {} {}", image, who);
        QuietCallback<PullResponseItem> callback = new QuietCallback<>();
        try {
            engine.streams().pullImageCmd(ref.repository()).withTag(ref.tag()).exec(callback);
            if (callback.awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                if (callback.error() != null) {
                    throw callback.error() instanceof DockerException de ? de : new RuntimeException(callback.error());
                }
                engine.api().inspectImageCmd(image).exec();
                log.info("pulled image {} {}", image, who);
                return null;
            }
            callback.close();
            return "the pull did not finish within " + settings.pullTimeout().toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while pulling";
        } catch (DockerException e) {
            return "the pull failed: " + DockerEngine.message(e);
        } catch (Exception e) {
            return "the pull failed: " + DockerEngine.rootMessage(e);
        }
    }
}
