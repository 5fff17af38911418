package io.infrakit.vsphere.vim;

import io.infrakit.spi.PluginException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * vim25's guest operations on one VM through VMware Tools: the GuestProcessManager
 * ({@code StartProgramInGuest}, {@code ListProcessesInGuest}, {@code TerminateProcessInGuest}) and
 * the GuestFileManager ({@code InitiateFileTransferToGuest}/{@code FromGuest}, whose URLs are then
 * PUT and GET, and {@code DeleteFileInGuest}). Every call carries the guest's user and password
 * ({@code NamePasswordAuthentication}); they are written into the request only, never logged.
 */
public final class GuestOperations {

    /** The guest's login; {@link #toString()} hides the password. */
    public record Login(String user, char[] password) {
        @Override
        public String toString() {
            return "Login[" + user + ", ****]";
        }
    }

    /** What StartProgramInGuest runs: a program path, one argument line, a working folder (null: the tools' default), KEY=VALUE pairs. */
    public record Program(String path, String arguments, String workingDirectory, Map<String, String> env) {
    }

    /** One ListProcessesInGuest entry; {@code exitCode} is null while it runs. */
    public record Process(long pid, boolean ended, Integer exitCode) {
    }

    private final VimClient client;
    private volatile Moref processManager;
    private volatile Moref fileManager;

    public GuestOperations(VimClient client) {
        this.client = client;
    }

    private void managers() {
        if (processManager != null && fileManager != null) {
            return;
        }
        Moref gom = client.content().guestOperationsManager();
        if (gom == null) {
            throw new VimFault("StartProgramInGuest", "NotSupported", "the server has no guest operations manager");
        }
        List<ObjectContent> got = client.retrieve(PropertySpecs.object(gom, List.of("processManager", "fileManager")));
        if (got.isEmpty() || got.getFirst().ref("processManager") == null || got.getFirst().ref("fileManager") == null) {
            throw new VimFault("StartProgramInGuest", "NotSupported", "the guest operations manager has no process or file manager");
        }
        processManager = got.getFirst().ref("processManager");
        fileManager = got.getFirst().ref("fileManager");
    }

    private static Soap vmAndAuth(Moref vm, Login login) {
        return Soap.request().ref("vm", vm)
                .open("auth", "NamePasswordAuthentication").el("interactiveSession", false)
                .el("username", login.user()).el("password", new String(login.password())).close("auth");
    }

    /** StartProgramInGuest: the guest's pid. */
    public long start(Moref vm, Login login, Program p) {
        managers();
        Soap body = vmAndAuth(vm, login).open("spec").el("programPath", p.path()).el("arguments", p.arguments())
                .el("workingDirectory", p.workingDirectory());
        p.env().forEach((k, v) -> body.el("envVariables", k + "=" + v));
        body.close("spec");
        XmlNode r = client.call("StartProgramInGuest", processManager, body);
        return Long.parseLong(r.text("returnval").trim());
    }

    /** ListProcessesInGuest for one pid; empty when the guest no longer knows it. */
    public Optional<Process> process(Moref vm, Login login, long pid) {
        managers();
        XmlNode r = client.call("ListProcessesInGuest", processManager, vmAndAuth(vm, login).el("pids", pid));
        for (XmlNode p : r.all("returnval")) {
            if (Long.parseLong(p.text("pid").trim()) == pid) {
                String exit = p.text("exitCode");
                String end = p.text("endTime");
                boolean ended = end != null && !end.isBlank();
                return Optional.of(new Process(pid, ended, ended && exit != null && !exit.isBlank() ? Integer.valueOf(exit.trim()) : null));
            }
        }
        return Optional.empty();
    }

    /** TerminateProcessInGuest. */
    public void terminate(Moref vm, Login login, long pid) {
        managers();
        client.call("TerminateProcessInGuest", processManager, vmAndAuth(vm, login).el("pid", pid));
    }

    /** InitiateFileTransferFromGuest, then a GET of the URL it gives. */
    public byte[] download(Moref vm, Login login, String path, long maxBytes) {
        managers();
        XmlNode r = client.call("InitiateFileTransferFromGuest", fileManager, vmAndAuth(vm, login).el("guestFilePath", path));
        XmlNode info = r.child("returnval").orElseThrow(() -> new PluginException("vsphere InitiateFileTransferFromGuest: the answer holds no URL"));
        String size = info.text("size");
        if (size != null && !size.isBlank() && Long.parseLong(size.trim()) > maxBytes) {
            throw new PluginException("file " + path + " has " + size.trim() + " bytes, over the limit of " + maxBytes);
        }
        return client.transport().get(transferUrl(info.text("url")), maxBytes);
    }

    /** InitiateFileTransferToGuest (overwriting), then a PUT of the bytes to the URL it gives. */
    public void upload(Moref vm, Login login, String path, byte[] content) {
        managers();
        XmlNode r = client.call("InitiateFileTransferToGuest", fileManager, vmAndAuth(vm, login).el("guestFilePath", path)
                .open("fileAttributes", "GuestPosixFileAttributes").close("fileAttributes")
                .el("fileSize", content.length).el("overwrite", true));
        client.transport().put(transferUrl(r.text("returnval")), content);
    }

    /** DeleteFileInGuest. */
    public void delete(Moref vm, Login login, String path) {
        managers();
        client.call("DeleteFileInGuest", fileManager, vmAndAuth(vm, login).el("filePath", path));
    }

    /**
     * ESXi answers transfer URLs with host {@code *} when it does not know which name the client
     * used to reach it; the SDK URL's host is meant then (what govmomi does too).
     */
    URI transferUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new PluginException("vsphere: the guest file manager answered no transfer URL");
        }
        URI sdk = client.transport().sdk();
        String authority = sdk.getHost() + (sdk.getPort() > 0 ? ":" + sdk.getPort() : "");
        String fixed = url.trim().replaceFirst("^(https?://)\\*(?=/)", "$1" + authority).replaceFirst("^(https?://)\\*:", "$1" + sdk.getHost() + ":");
        return URI.create(fixed);
    }
}
