package io.infrakit.core.manager.store;

/**
 * A stored version file that cannot be trusted. When it is the group's newest version the group
 * is damaged: the manager does not run it and does not fall back to an older version by itself,
 * since that would roll every member back without anyone asking.
 *
 * @param group   the group (the folder's ID)
 * @param file    the file, as a path the user can open
 * @param version the version its name stands for
 * @param reason  what is wrong with it, in words
 * @param newest  whether it is the group's newest version (then the group is damaged)
 * @param restore the newest readable version older than it, or 0 when there is none
 */
public record StoreDamage(String group, String file, long version, String reason, boolean newest, long restore) {

    /** What to do about it, as one sentence with the commands. */
    public String fix() {
        if (!newest) {
            return "version " + version + " cannot be rolled back to; the group runs its newest version."
                    + " Move the file aside to silence this: mv '" + file + "' '" + file + ".damaged'";
        }
        String restoreHint = restore > 0
                ? "restore a kept version with: infrakit rollback " + group + " --to-version " + restore
                + " (infrakit history " + group + " lists them; the damaged file is kept as " + file + ".damaged)"
                : "no older version is readable: commit the spec again with infrakit apply -f FILE after moving the file aside"
                + " (mv '" + file + "' '" + file + ".damaged')";
        return "the group is stopped and its instances are left as they are; put back the file from a backup, or "
                + restoreHint;
    }

    /** One line: the group, the file, what is wrong and the fix. */
    public String message() {
        return "group '" + group + "' is damaged: " + file + " (version " + version + ") cannot be trusted: " + reason + "; " + fix();
    }
}
