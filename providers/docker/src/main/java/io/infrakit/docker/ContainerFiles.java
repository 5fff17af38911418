package io.infrakit.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.InstanceFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Files into and out of a container through the Engine's archive API ({@code docker cp}): a
 * tar of one file PUT into the folder, and the tar the Engine gives for a path unpacked. Bytes
 * both ways, nothing run in the container (works in images without a shell too).
 */
final class ContainerFiles {

    private final DockerEngine engine;

    ContainerFiles(DockerEngine engine) {
        this.engine = engine;
    }

    void write(String containerId, String path, byte[] content) {
        int slash = path.lastIndexOf('/');
        if (!path.startsWith("/") || slash == path.length() - 1) {
            throw new PluginException("write file in " + containerId + ": '" + path + "' is not an absolute path to a file");
        }
        String folder = slash == 0 ? "/" : path.substring(0, slash);
        byte[] tar;
        try {
            tar = Tar.single(path.substring(slash + 1), content);
        } catch (IllegalArgumentException e) {
            throw new PluginException("write file " + path + " in " + containerId + ": " + e.getMessage());
        }
        try {
            engine.api().copyArchiveToContainerCmd(containerId).withRemotePath(folder)
                    .withTarInputStream(new ByteArrayInputStream(tar)).exec();
        } catch (NotFoundException e) {
            throw new PluginException("write file " + path + " in " + containerId + ": folder " + folder + " does not exist in the container", e);
        } catch (DockerException e) {
            throw new PluginException("write file " + path + " in " + containerId + ": " + DockerEngine.message(e), e);
        }
    }

    byte[] read(String containerId, String path) {
        try (InputStream in = engine.api().copyArchiveFromContainerCmd(containerId, path).exec()) {
            Tar.Entry e = Tar.first(in, InstanceFiles.MAX_BYTES);
            if (e.type() == '>') {
                throw new PluginException("read file " + path + " in " + containerId + ": it has " + e.linkTarget()
                        + " bytes, over the limit of " + InstanceFiles.MAX_BYTES + " (8 MiB)");
            }
            if (!e.regular()) {
                throw new PluginException("read file " + path + " in " + containerId + ": it is "
                        + (e.type() == '5' ? "a folder" : e.type() == '2' ? "a symbolic link to " + e.linkTarget() + "; read its target" : "not a regular file"));
            }
            return e.content();
        } catch (NotFoundException e) {
            throw new PluginException("read file " + path + " in " + containerId + ": no such file in the container", e);
        } catch (DockerException e) {
            throw new PluginException("read file " + path + " in " + containerId + ": " + DockerEngine.message(e), e);
        } catch (IOException e) {
            throw new PluginException("read file " + path + " in " + containerId + ": the Engine's archive was cut short (" + e.getMessage() + ")", e);
        }
    }
}
