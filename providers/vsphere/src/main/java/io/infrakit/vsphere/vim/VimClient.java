package io.infrakit.vsphere.vim;

import io.infrakit.spi.PluginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The vim25 methods this provider calls, over one {@link SoapTransport} and one session. Logs in
 * lazily (RetrieveServiceContent, then Login, which sets the session cookie) and once more when
 * vCenter says the session ended ({@code NotAuthenticated}): such a call was refused, not run, so
 * sending it again changes nothing twice.
 */
public final class VimClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VimClient.class);
    static final Moref SERVICE_INSTANCE = new Moref("ServiceInstance", "ServiceInstance");

    private final SoapTransport transport;
    private final String user;
    private final char[] password;
    private final ReentrantLock loginLock = new ReentrantLock();
    private volatile ServiceContent content;

    public VimClient(SoapTransport transport, String user, char[] password) {
        this.transport = transport;
        this.user = user;
        this.password = password.clone();
    }

    public SoapTransport transport() {
        return transport;
    }

    /** The service content, logging in first when no session is held. */
    public ServiceContent content() {
        ServiceContent c = content;
        if (c != null && transport.hasSession()) {
            return c;
        }
        relogin(null);
        return content;
    }

    /** Logs in anew: RetrieveServiceContent, then SessionManager.Login. */
    public void login() {
        relogin(transport.session());
    }

    /**
     * Logs in unless another thread already replaced session {@code stale} (or, for null, made one):
     * threads that see the session end together log in once.
     */
    private void relogin(String stale) {
        loginLock.lock();
        try {
            String current = transport.session();
            if (content != null && current != null && !current.equals(stale)) {
                return;
            }
            XmlNode sc = transport.call("RetrieveServiceContent", SERVICE_INSTANCE, Soap.request(), null, false);
            ServiceContent c = ServiceContent.of(sc.child("returnval").orElseThrow(
                    () -> new PluginException("vsphere RetrieveServiceContent: the answer holds no service content")));
            if (c.sessionManager() == null || c.propertyCollector() == null) {
                throw new PluginException("vsphere: " + transport.sdk() + " is not a vCenter or ESXi SDK endpoint (no session manager)");
            }
            transport.call("Login", c.sessionManager(),
                    Soap.request().el("userName", user).el("password", new String(password)), null, false);
            content = c;
            log.info("vsphere: logged in to {} ({}) as {}", transport.sdk().getHost(), c.fullName(), user);
        } finally {
            loginLock.unlock();
        }
    }

    /** Calls a method, logging in again once if the session has ended. */
    public XmlNode call(String method, Moref target, Soap body) {
        return call(method, target, body, null);
    }

    XmlNode call(String method, Moref target, Soap body, Duration timeout) {
        content();
        String session = transport.session();
        try {
            return checked(method, transport.call(method, target, body, timeout));
        } catch (VimFault f) {
            if (!f.is("NotAuthenticated")) {
                throw f;
            }
            log.info("vsphere: session ended; logging in again");
            relogin(session);
            return checked(method, transport.call(method, target, body, timeout));
        }
    }

    /**
     * A property-collector answer whose objects lack their properties for want of a session
     * (vcsim answers so rather than with a fault) is the fault it stands for.
     */
    private static XmlNode checked(String method, XmlNode response) {
        XmlNode rv = response.child("returnval").orElse(null);
        if (rv != null && method.endsWith("RetrievePropertiesEx")) {
            for (XmlNode o : rv.all("objects")) {
                for (XmlNode missing : o.all("missingSet")) {
                    if (missing.hasXsiType("NotAuthenticated")) {
                        throw new VimFault(method, "NotAuthenticated", "no session for property " + missing.text("path"));
                    }
                }
            }
        }
        return response;
    }

    /** SearchIndex.FindByInventoryPath: e.g. {@code Home Lab/vm/web}; empty when nothing is there. */
    public Optional<Moref> findByInventoryPath(String path) {
        XmlNode r = call("FindByInventoryPath", content().searchIndex(), Soap.request().el("inventoryPath", path));
        return r.child("returnval").filter(n -> !n.text().isEmpty()).map(XmlNode::moref);
    }

    /** RetrievePropertiesEx, then ContinueRetrievePropertiesEx while the server hands a token. */
    public List<ObjectContent> retrieve(Soap specSet) {
        Moref pc = content().propertyCollector();
        List<ObjectContent> out = new ArrayList<>();
        XmlNode r = call("RetrievePropertiesEx", pc, Soap.request().open("specSet").raw(specSet).close("specSet").open("options").close("options"));
        XmlNode result = r.child("returnval").orElse(null);
        while (result != null) {
            for (XmlNode o : result.all("objects")) {
                out.add(ObjectContent.of(o));
            }
            String token = result.text("token");
            if (token == null || token.isBlank()) {
                break;
            }
            result = call("ContinueRetrievePropertiesEx", pc, Soap.request().el("token", token)).child("returnval").orElse(null);
        }
        return out;
    }

    /** CloneVM_Task; returns the task. */
    public Moref cloneVm(Moref source, Moref folder, String name, Soap cloneSpec) {
        return returnRef(call("CloneVM_Task", source, Soap.request().ref("folder", folder).el("name", name).raw(cloneSpec)));
    }

    /** Folder.CreateVM_Task; returns the task. */
    public Moref createVm(Moref folder, Soap config, Moref pool, Moref host) {
        return returnRef(call("CreateVM_Task", folder, Soap.request().raw(config).ref("pool", pool).ref("host", host)));
    }

    public Moref powerOn(Moref vm) {
        return returnRef(call("PowerOnVM_Task", vm, Soap.request()));
    }

    public Moref powerOff(Moref vm) {
        return returnRef(call("PowerOffVM_Task", vm, Soap.request()));
    }

    /** Destroy_Task of any managed entity (a VM, an empty folder). */
    public Moref destroy(Moref entity) {
        return returnRef(call("Destroy_Task", entity, Soap.request()));
    }

    /** Folder.MoveIntoFolder_Task. */
    public Moref moveIntoFolder(Moref folder, List<Moref> objects) {
        Soap body = Soap.request();
        objects.forEach(o -> body.ref("list", o));
        return returnRef(call("MoveIntoFolder_Task", folder, body));
    }

    /** HostDatastoreBrowser.SearchDatastore_Task: files named {@code pattern} in folder {@code datastorePath}; returns the task. */
    public Moref searchDatastore(Moref browser, String datastorePath, String pattern) {
        return returnRef(call("SearchDatastore_Task", browser, Soap.request().el("datastorePath", datastorePath)
                .open("searchSpec").el("matchPattern", pattern).close("searchSpec")));
    }

    /** Folder.CreateFolder; returns the new folder. */
    public Moref createFolder(Moref parent, String name) {
        return returnRef(call("CreateFolder", parent, Soap.request().el("name", name)));
    }

    /** CustomFieldsManager.AddCustomFieldDef; returns the new field's key. */
    public int addCustomFieldDef(String name, String moType) {
        XmlNode r = call("AddCustomFieldDef", content().customFieldsManager(), Soap.request().el("name", name).el("moType", moType));
        return Integer.parseInt(r.child("returnval").orElseThrow().text("key").trim());
    }

    /** CustomFieldsManager.SetField: the value of field {@code key} on {@code entity}. */
    public void setField(Moref entity, int key, String value) {
        call("SetField", content().customFieldsManager(), Soap.request().ref("entity", entity).el("key", key).el("value", value));
    }

    /** A property collector of our own (a long WaitForUpdatesEx must not block the shared one). */
    public Moref createPropertyCollector() {
        return returnRef(call("CreatePropertyCollector", content().propertyCollector(), Soap.request()));
    }

    public Moref createFilter(Moref collector, Soap spec) {
        return returnRef(call("CreateFilter", collector, Soap.request().open("spec").raw(spec).close("spec").el("partialUpdates", false)));
    }

    /**
     * WaitForUpdatesEx: the changes since {@code version} ("" for the current state), waiting at
     * most {@code maxWait}. Returns the UpdateSet, or null when nothing changed in time.
     */
    public XmlNode waitForUpdates(Moref collector, String version, Duration maxWait) {
        XmlNode r = call("WaitForUpdatesEx", collector,
                Soap.request().el("version", version).open("options").el("maxWaitSeconds", maxWait.toSeconds()).close("options"),
                maxWait.plusSeconds(30));
        return r.child("returnval").orElse(null);
    }

    public void destroyPropertyCollector(Moref collector) {
        call("DestroyPropertyCollector", collector, Soap.request());
    }

    private static Moref returnRef(XmlNode response) {
        return response.child("returnval").orElseThrow(
                () -> new PluginException("vsphere " + response.name() + ": the answer names no object")).moref();
    }

    /** Logs out when logged in; errors are only logged (the session times out by itself). */
    @Override
    public void close() {
        ServiceContent c = content;
        if (c == null || !transport.hasSession()) {
            return;
        }
        try {
            transport.call("Logout", c.sessionManager(), Soap.request(), Duration.ofSeconds(5));
        } catch (PluginException e) {
            log.debug("vsphere logout: {}", e.getMessage());
        }
        transport.dropSession();
    }
}
