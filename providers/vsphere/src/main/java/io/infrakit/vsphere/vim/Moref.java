package io.infrakit.vsphere.vim;

/** A managed object reference: the object's type ({@code VirtualMachine}) and its ID ({@code vm-42}). */
public record Moref(String type, String value) {

    public Moref {
        if (type == null || type.isBlank() || value == null || value.isBlank()) {
            throw new IllegalArgumentException("a managed object reference needs a type and a value, got " + type + ":" + value);
        }
    }

    public static Moref vm(String value) {
        return new Moref("VirtualMachine", value);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
