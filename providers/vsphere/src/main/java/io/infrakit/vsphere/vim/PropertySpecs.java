package io.infrakit.vsphere.vim;

import java.util.List;
import java.util.Map;

/**
 * The {@code PropertyFilterSpec}s (their content, without the wrapping element) this provider asks the property collector: one object, the
 * direct children of a folder, or a whole folder tree. Each is a single RetrievePropertiesEx
 * however many objects it yields.
 */
public final class PropertySpecs {

    private PropertySpecs() {
    }

    /** Properties {@code paths} of one object. */
    public static Soap object(Moref obj, List<String> paths) {
        Soap s = Soap.request();
        propSet(s, obj.type(), paths);
        s.open("objectSet").ref("obj", obj).el("skip", false).close("objectSet");
        return s;
    }

    /** Properties of the objects of {@code type} directly inside {@code folder} (the folder itself skipped). */
    public static Soap children(Moref folder, String type, List<String> paths) {
        Soap s = Soap.request();
        propSet(s, type, paths);
        s.open("objectSet").ref("obj", folder).el("skip", true)
                .open("selectSet", "TraversalSpec").el("name", "children").el("type", "Folder").el("path", "childEntity").el("skip", false)
                .close("selectSet")
                .close("objectSet");
        return s;
    }

    /**
     * Properties of objects anywhere below {@code root}, following folders' {@code childEntity}
     * (and, from the root folder, into datacenters' VM folders when {@code intoDatacenters}).
     */
    public static Soap tree(Moref root, Map<String, List<String>> pathsByType, boolean intoDatacenters) {
        Soap s = Soap.request();
        pathsByType.forEach((type, paths) -> propSet(s, type, paths));
        s.open("objectSet").ref("obj", root).el("skip", false)
                .open("selectSet", "TraversalSpec").el("name", "folders").el("type", "Folder").el("path", "childEntity").el("skip", false)
                .open("selectSet").el("name", "folders").close("selectSet");
        if (intoDatacenters) {
            s.open("selectSet").el("name", "datacenterVms").close("selectSet");
        }
        s.close("selectSet");
        if (intoDatacenters) {
            s.open("selectSet", "TraversalSpec").el("name", "datacenterVms").el("type", "Datacenter").el("path", "vmFolder").el("skip", false)
                    .open("selectSet").el("name", "folders").close("selectSet")
                    .close("selectSet");
        }
        s.close("objectSet");
        return s;
    }

    private static void propSet(Soap s, String type, List<String> paths) {
        s.open("propSet").el("type", type).el("all", false).each("pathSet", paths).close("propSet");
    }

    /** Properties of the objects {@code obj}'s property {@code path} refers to (e.g. a datacenter's datastores). */
    public static Soap via(Moref obj, String path, String type, List<String> paths) {
        Soap s = Soap.request();
        propSet(s, type, paths);
        s.open("objectSet").ref("obj", obj).el("skip", true)
                .open("selectSet", "TraversalSpec").el("name", "via").el("type", obj.type()).el("path", path).el("skip", false)
                .close("selectSet")
                .close("objectSet");
        return s;
    }

    /** The compute resources (clusters too) and hosts below a datacenter's host folder. */
    public static Soap hostTree(Moref datacenter) {
        Soap s = Soap.request();
        propSet(s, "ComputeResource", List.of("name", "resourcePool", "host"));
        propSet(s, "HostSystem", List.of("name", "parent"));
        s.open("objectSet").ref("obj", datacenter).el("skip", true)
                .open("selectSet", "TraversalSpec").el("name", "hostFolder").el("type", "Datacenter").el("path", "hostFolder").el("skip", false)
                .open("selectSet").el("name", "folders").close("selectSet")
                .close("selectSet")
                .open("selectSet", "TraversalSpec").el("name", "folders").el("type", "Folder").el("path", "childEntity").el("skip", false)
                .open("selectSet").el("name", "folders").close("selectSet")
                .open("selectSet").el("name", "hosts").close("selectSet")
                .close("selectSet")
                .open("selectSet", "TraversalSpec").el("name", "hosts").el("type", "ComputeResource").el("path", "host").el("skip", false)
                .close("selectSet")
                .close("objectSet");
        return s;
    }
}
