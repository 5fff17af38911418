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
            files.writeFile(id, path, s.content().getBytes(StandardCharsets.UTF_8), s.timeout());
            return new ExecResult(0, "", "");
        }
        byte[] b = files.readFile(id, path, s.timeout());
        Files.write(Path.of(s.to()), b);
        return new ExecResult(0, s.store() == null ? b.length + " bytes to " + s.to() + "\n" : new String(b, StandardCharsets.UTF_8), "");
    }
}
