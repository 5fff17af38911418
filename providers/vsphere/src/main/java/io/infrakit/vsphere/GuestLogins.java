package io.infrakit.vsphere;

import io.infrakit.spi.PluginException;
import io.infrakit.vsphere.vim.GuestOperations.Login;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whom to log in to a VM's guest as: the login its Properties gave at Provision (GuestUser and
 * GuestPassword, the password typically {@code {{ secret "NAME" }}}), kept in memory only, else the
 * plugin's options {@code guest-user} and {@code guest-password-file}. Never logged.
 */
final class GuestLogins {

    private final Login fallback;
    private final Map<String, Login> byVm = new ConcurrentHashMap<>();

    /** @param fallback the options' login, or null */
    GuestLogins(Login fallback) {
        this.fallback = fallback;
    }

    /** Remembers the login of a VM made with GuestUser/GuestPassword in its Properties. */
    void remember(String vm, VsphereProperties p) {
        Login l = of(p);
        if (l != null) {
            byVm.put(vm, l);
        }
    }

    /** The login in Properties, or null when they give none; a half-given or unfilled one is refused. */
    static Login of(VsphereProperties p) {
        boolean user = p.guestUser() != null && !p.guestUser().isBlank();
        boolean password = p.guestPassword() != null && !p.guestPassword().isEmpty();
        if (!user && !password) {
            return null;
        }
        if (!user || !password) {
            throw new PluginException("vsphere: give both Properties.GuestUser and Properties.GuestPassword (the guest's login for"
                    + " commands run through VMware Tools), or neither");
        }
        if (p.guestPassword().matches("<secret:[^>]+>")) {
            throw new PluginException("vsphere: Properties.GuestPassword is the secret reference " + p.guestPassword()
                    + ", not its value: it is filled in by the manager or infrakit deploy from $INFRAKIT_HOME/secrets/NAME or $INFRAKIT_SECRET_NAME");
        }
        return new Login(p.guestUser(), p.guestPassword().toCharArray());
    }

    void forget(String vm) {
        byVm.remove(vm);
    }

    Login login(String vm) {
        Login l = byVm.get(vm);
        if (l != null) {
            return l;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new PluginException("vsphere: no guest login for VM " + vm + ": give Properties.GuestUser and GuestPassword"
                + " (e.g. GuestPassword: '{{ secret \"guest-password\" }}') when it is made, or start the plugin with"
                + " --opt vsphere.guest-user=USER --opt vsphere.guest-password-file=PATH");
    }
}
