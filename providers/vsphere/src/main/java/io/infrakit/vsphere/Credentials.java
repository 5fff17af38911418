package io.infrakit.vsphere;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A vCenter user and password. The password is never logged: {@link #toString()} hides it, and
 * errors name where it came from, never its value.
 */
public record Credentials(String user, char[] password, String source) {

    public Credentials {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("no vSphere user: give --opt vsphere.user=NAME, set INFRAKIT_VSPHERE_USER, or write the URL as https://USER@VCENTER/sdk");
        }
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("no password for vSphere user " + user + ": give --opt vsphere.password-file=PATH (a 0600 file),"
                    + " set INFRAKIT_VSPHERE_PASSWORD, or write the URL as https://USER:PASSWORD@VCENTER/sdk");
        }
    }

    /** The first line of a password file that only its owner can read. */
    static char[] readPasswordFile(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                throw new IllegalArgumentException("password file " + file + " is readable by others ("
                        + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
            }
            String content = Files.readString(file);
            int eol = content.indexOf('\n');
            String first = (eol < 0 ? content : content.substring(0, eol)).replace("\r", "");
            if (first.isEmpty()) {
                throw new IllegalArgumentException("password file " + file + " is empty; write the password on its first line");
            }
            return first.toCharArray();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("password file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read password file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=****, from " + source + "]";
    }
}
