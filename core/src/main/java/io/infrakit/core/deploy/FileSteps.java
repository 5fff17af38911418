package io.infrakit.core.deploy;

import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceExec;
import io.infrakit.spi.instance.InstanceFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Upload and download steps through a plugin's {@link InstanceFiles} (bytes, up to
 * {@link InstanceFiles#MAX_BYTES}) instead of a command line (text, up to {@link #MAX_IN_COMMAND}).
 * File transfers need a path the guest resolves alone: an absolute one, or one relative to an
 * absolute {@code workdir}; any other path goes through a command, whose shell resolves it.
 */
final class FileSteps {

    /** An upload that travels inside a command line: well under the smallest ARG_MAX we meet. */
    static final int MAX_IN_COMMAND = 64 * 1024;

    private FileSteps() {
    }

    /** The path in the instance to transfer, or null when this step goes through a command instead. */
    static String guestPath(Step s, InstanceFiles files) {
        if (files == null || (s.kind() != Step.Kind.UPLOAD && s.kind() != Step.Kind.DOWNLOAD)) {
            return null;
        }
        String p = s.kind() == Step.Kind.UPLOAD ? s.to() : s.from();
        if (p.startsWith("/")) {
            return p;
        }
        if (s.workdir() != null && s.workdir().startsWith("/")) {
            return s.workdir().replaceAll("/+$", "") + "/" + p;
        }
        return null;
    }

    /** An upload's local file (checked when the file was read, unless a template named it: checked here). */
    private static byte[] local(String from) throws IOException {
        Path p = Path.of(from);
        if (!Files.isRegularFile(p)) {
            throw new IOException("'upload.from' '" + from + "' is not a file on this machine");
        }
        if (Files.size(p) > InstanceFiles.MAX_BYTES) {
            throw new IOException("'upload.from' '" + from + "' has " + Files.size(p) + " bytes, over the limit of " + InstanceFiles.MAX_BYTES);
        }
        return Files.readAllBytes(p);
    }

    /**
     * Runs the step; the result reads as a command's: an upload prints nothing, a download's
     * stdout is the file as text (for {@code store}). Failures are thrown: PluginException from the
     * plugin, IOException from the local file.
     */
    static ExecResult run(Step s, String path, String id, InstanceExec exec, InstanceFiles files) throws IOException {
        if (s.kind() == Step.Kind.UPLOAD) {
            String folder = path.substring(0, Math.max(1, path.lastIndexOf('/')));
            ExecResult mkdir = exec.exec(id, List.of("/bin/mkdir", "-p", "--", folder), s.timeout());
            if (mkdir.exitCode() != 0) {
                return new ExecResult(mkdir.exitCode(), "", "cannot make folder " + folder + ": " + mkdir.stderr().strip());
            }
            files.writeFile(id, path, s.from() != null ? local(s.from()) : s.content().getBytes(StandardCharsets.UTF_8), s.timeout());
            return new ExecResult(0, "", "");
        }
        byte[] b = files.readFile(id, path, s.timeout());
        if (b.length > InstanceFiles.MAX_BYTES) {
            throw new io.infrakit.spi.PluginException("file " + path + " has " + b.length + " bytes, over the limit of " + InstanceFiles.MAX_BYTES);
        }
        Files.write(Path.of(s.to()), b);
        return new ExecResult(0, s.store() == null ? b.length + " bytes to " + s.to() + "\n" : new String(b, StandardCharsets.UTF_8), "");
    }
}
