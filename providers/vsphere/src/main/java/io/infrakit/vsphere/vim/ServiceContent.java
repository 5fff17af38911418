package io.infrakit.vsphere.vim;

/** The managers this provider uses (guestOperationsManager null when the server has none), from RetrieveServiceContent, and what the server says it is. */
public record ServiceContent(Moref rootFolder, Moref propertyCollector, Moref searchIndex, Moref sessionManager,
                             Moref customFieldsManager, Moref guestOperationsManager, String apiType, String apiVersion, String fullName) {

    static ServiceContent of(XmlNode returnval) {
        XmlNode about = returnval.child("about").orElse(null);
        return new ServiceContent(
                ref(returnval, "rootFolder"), ref(returnval, "propertyCollector"), ref(returnval, "searchIndex"),
                ref(returnval, "sessionManager"), ref(returnval, "customFieldsManager"), ref(returnval, "guestOperationsManager"),
                about == null ? null : about.text("apiType"), about == null ? null : about.text("apiVersion"),
                about == null ? null : about.text("fullName"));
    }

    private static Moref ref(XmlNode n, String name) {
        return n.child(name).map(XmlNode::moref).orElse(null);
    }
}
