package io.infrakit.vsphere;

import io.infrakit.vsphere.vim.Moref;
import io.infrakit.vsphere.vim.ObjectContent;
import io.infrakit.vsphere.vim.PropertySpecs;
import io.infrakit.vsphere.vim.VimClient;
import io.infrakit.vsphere.vim.VimFault;
import io.infrakit.vsphere.vim.XmlNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * InfraKit's tags as vSphere custom attributes of VMs: one custom field per tag key (created on
 * first use, type VirtualMachine), its value the tag's value. An empty value counts as no tag
 * (that is how a tag is cleared). Field keys are cached by name; the cache is read again when
 * a VM carries a key it does not know.
 */
final class CustomFields {

    /** Fields whose names start so are the plugin's own bookkeeping, not tags. */
    static final String INTERNAL_PREFIX = "infrakit.vsphere.";
    /** "true" on VMs provisioned with PowerOn: powered off, such a VM is lost. */
    static final String POWER_ON = INTERNAL_PREFIX + "power-on";

    private final VimClient client;
    private final Map<String, Integer> keysByName = new ConcurrentHashMap<>();
    private final Map<Integer, String> namesByKey = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock(); // creating fields: one at a time
    private volatile boolean loaded;

    CustomFields(VimClient client) {
        this.client = client;
    }

    private void load() {
        List<ObjectContent> got = client.retrieve(PropertySpecs.object(client.content().customFieldsManager(), List.of("field")));
        for (ObjectContent o : got) {
            for (XmlNode def : o.items("field")) {
                String type = def.text("managedObjectType");
                if (type == null || type.isEmpty() || type.equals("VirtualMachine")) {
                    int key = Integer.parseInt(def.text("key").trim());
                    keysByName.put(def.text("name"), key);
                    namesByKey.put(key, def.text("name"));
                }
            }
        }
        loaded = true;
    }

    /** The key of field {@code name}, created when missing. */
    int key(String name) {
        if (!loaded) {
            load();
        }
        Integer k = keysByName.get(name);
        if (k != null) {
            return k;
        }
        lock.lock();
        try {
            k = keysByName.get(name);
            if (k != null) {
                return k;
            }
            try {
                k = client.addCustomFieldDef(name, "VirtualMachine");
            } catch (VimFault f) {
                if (!f.is("DuplicateName")) {
                    throw f;
                }
                load(); // another client made it meanwhile
                k = keysByName.get(name);
                if (k == null) {
                    throw f;
                }
            }
            keysByName.put(name, k);
            namesByKey.put(k, name);
            return k;
        } finally {
            lock.unlock();
        }
    }

    /** Sets every entry as a field of {@code vm}. */
    void set(Moref vm, Map<String, String> values) {
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            client.setField(vm, key(e.getKey()), e.getValue());
        }
    }

    /**
     * All fields of a VM from its {@code customValue} items, internal ones included. When a key
     * repeats the last value counts (vcsim appends rather than replaces).
     */
    Map<String, String> read(List<XmlNode> customValue) {
        Map<String, String> out = new TreeMap<>();
        boolean reloaded = false;
        for (XmlNode v : customValue) {
            String keyText = v.text("key");
            if (keyText == null) {
                continue;
            }
            int key = Integer.parseInt(keyText.trim());
            String name = namesByKey.get(key);
            if (name == null && !reloaded) {
                load();
                reloaded = true;
                name = namesByKey.get(key);
            }
            if (name == null) {
                continue;
            }
            String value = v.text("value");
            if (value == null || value.isEmpty()) {
                out.remove(name);
            } else {
                out.put(name, value);
            }
        }
        return out;
    }

    /** The tags among fields: the internal ones left out. */
    static Map<String, String> tags(Map<String, String> fields) {
        Map<String, String> out = new TreeMap<>(fields);
        out.keySet().removeIf(k -> k.startsWith(INTERNAL_PREFIX));
        return out;
    }
}
