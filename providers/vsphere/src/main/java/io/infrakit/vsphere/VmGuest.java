package io.infrakit.vsphere;

import io.infrakit.spi.PluginException;
import io.infrakit.spi.instance.ExecResult;
import io.infrakit.spi.instance.InstanceFiles;
import io.infrakit.vsphere.vim.GuestOperations;
import io.infrakit.vsphere.vim.GuestOperations.Login;
import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.VimFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Commands and files in a VM's guest through VMware Tools (no SSH, no network to the guest).
 * A command runs with StartProgramInGuest, its stdout and stderr sent by the guest's shell to two
 * files of ours (vSphere keeps no output of a guest program), and is polled with
 * ListProcessesInGuest until it ends; then both files are fetched and deleted. Faults become one
 * sentence naming the VM and what to do.
 */
final class VmGuest {

    private static final Logger log = LoggerFactory.getLogger(VmGuest.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where the output files go: every Linux guest has /tmp. */
    static final String OUTPUT_DIR = "/tmp";

    private final GuestOperations ops;
    private final GuestLogins logins;

    VmGuest(GuestOperations ops, GuestLogins logins) {
        this.ops = ops;
        this.logins = logins;
    }

    ExecResult exec(String vmId, List<String> command, Map<String, String> env, String workdir, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw new PluginException("exec on " + vmId + ": no command given; e.g. -- /bin/sh -c 'uname -a'");
        }
        Moref vm = Moref.vm(vmId);
        Login login = logins.login(vmId);
        String token = HexFormat.of().formatHex(randomBytes());
        String out = OUTPUT_DIR + "/infrakit-exec-" + token + ".out";
        String err = OUTPUT_DIR + "/infrakit-exec-" + token + ".err";
        // The guest's shell reads the argument line (vSphere's GuestProgramSpec), so it does the redirections.
        StringBuilder args = new StringBuilder();
        for (String a : command.subList(1, command.size())) {
            args.append(quote(a)).append(' ');
        }
        args.append(">").append(out).append(" 2>").append(err);
        long deadline = System.nanoTime() + timeout.toNanos();
        long pid;
        try {
            pid = ops.start(vm, login, new GuestOperations.Program(command.getFirst(), args.toString(), workdir, env));
        } catch (VimFault f) {
            if (f.is("FileNotFound")) { // the program: what a shell says, so a typo is not blamed on the tools
                return new ExecResult(127, "", command.getFirst() + ": command not found\n");
            }
            throw explain(vmId, login, "exec", f);
        }
        try {
            while (true) {
                Optional<GuestOperations.Process> p = ops.process(vm, login, pid);
                if (p.isEmpty() || p.get().ended()) {
                    int exit = p.flatMap(x -> Optional.ofNullable(x.exitCode())).orElse(-1);
                    return new ExecResult(exit, text(vm, login, out), text(vm, login, err));
                }
                if (System.nanoTime() > deadline) {
                    terminateQuietly(vm, login, pid);
                    throw new PluginException("exec on " + vmId + ": '" + String.join(" ", command) + "' still running after "
                            + timeout.toSeconds() + " s (guest pid " + pid + ", now terminated); give a longer timeout");
                }
                Thread.sleep(POLL);
            }
        } catch (VimFault f) {
            throw explain(vmId, login, "exec", f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminateQuietly(vm, login, pid);
            throw new PluginException("exec on " + vmId + ": interrupted");
        } finally {
            deleteQuietly(vm, login, out);
            deleteQuietly(vm, login, err);
        }
    }

    void writeFile(String vmId, String path, byte[] content) {
        Login login = logins.login(vmId);
        try {
            ops.upload(Moref.vm(vmId), login, path, content);
        } catch (VimFault f) {
            throw explain(vmId, login, "writing " + path, f);
        }
    }

    byte[] readFile(String vmId, String path) {
        Login login = logins.login(vmId);
        try {
            return ops.download(Moref.vm(vmId), login, path, InstanceFiles.MAX_BYTES);
        } catch (VimFault f) {
            throw explain(vmId, login, "reading " + path, f);
        }
    }

    private String text(Moref vm, Login login, String path) {
        try {
            return new String(ops.download(vm, login, path, InstanceFiles.MAX_BYTES), StandardCharsets.UTF_8);
        } catch (VimFault f) {
            if (f.is("FileNotFound")) { // the shell could not open it (a read-only /tmp): no output to show
                return "";
            }
            throw f;
        }
    }

    private void terminateQuietly(Moref vm, Login login, long pid) {
        try {
            ops.terminate(vm, login, pid);
        } catch (PluginException e) {
            log.debug("vsphere: could not terminate guest pid {} in {}: {}", pid, vm.value(), e.getMessage());
        }
    }

    private void deleteQuietly(Moref vm, Login login, String path) {
        try {
            ops.delete(vm, login, path);
        } catch (PluginException e) {
            log.debug("vsphere: could not delete {} in {}: {}", path, vm.value(), e.getMessage());
        }
    }

    /** A guest-operations fault in one sentence: what happened and what to do. */
    static PluginException explain(String vmId, Login login, String action, VimFault f) {
        String where = "vsphere " + action + " on VM " + vmId + ": ";
        String why = switch (f.fault()) {
            case "GuestOperationsUnavailable" -> "VMware Tools are not running in the guest (GuestOperationsUnavailable);"
                    + " wait for the guest to boot, or install open-vm-tools in its template";
            case "InvalidGuestLogin" -> "the guest refused user '" + login.user() + "' and its password (InvalidGuestLogin);"
                    + " check Properties.GuestUser and GuestPassword, or the options guest-user and guest-password-file";
            case "GuestPermissionDenied" -> "user '" + login.user() + "' may not do this in the guest (GuestPermissionDenied);"
                    + " use a user that may, or change the file's permissions";
            case "InvalidPowerState" -> "the VM is not powered on (InvalidPowerState); give PowerOn: true or start it";
            case "FileNotFound" -> "no such file or program in the guest (FileNotFound)";
            case "GuestComponentsOutOfDate" -> "VMware Tools in the guest are too old for guest operations (GuestComponentsOutOfDate); update them";
            case "OperationDisabledByGuest" -> "the guest's tools have guest operations turned off (OperationDisabledByGuest)";
            case "ManagedObjectNotFound" -> "no such VM (ManagedObjectNotFound)";
            case "NotSupported" -> "this vCenter offers no guest operations (NotSupported: " + f.serverMessage()
                    + "); vcsim, the vSphere API simulator, has no process manager";
            default -> f.fault() + (f.serverMessage() == null || f.serverMessage().isBlank() ? "" : ": " + f.serverMessage());
        };
        return new PluginException(where + why, f);
    }

    /** Single-quoted for the guest's sh. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
