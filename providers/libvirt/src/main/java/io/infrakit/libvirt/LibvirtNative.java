package io.infrakit.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.PointerType;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.StorageVolPointer;
import org.libvirt.jna.StreamPointer;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The two libvirt calls the Java binding (org.libvirt 0.5.2) lacks: uploading into a storage
 * volume and setting a domain's metadata element. They are bound with JNA on the same
 * {@code libvirt.so.0}; the binding keeps its native pointers package-private, so they are read
 * reflectively (fine on the class path, where both jars are in the unnamed module).
 */
final class LibvirtNative {

    /** VIR_DOMAIN_METADATA_ELEMENT */
    static final int METADATA_ELEMENT = 2;
    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;

    interface Api extends Library {
        int virStorageVolUpload(StorageVolPointer vol, StreamPointer stream, long offset, long length, int flags);

        int virDomainSetMetadata(DomainPointer domain, int type, String metadata, String key, String uri, int flags);
    }

    private final Api api;
    private final Field volPointer;
    private final Field domainPointer;
    private final Method streamPointer;
    private final Method processError;

    LibvirtNative() {
        try {
            api = Native.load("virt", Api.class);
            volPointer = StorageVol.class.getDeclaredField("vsvp");
            domainPointer = Domain.class.getDeclaredField("vdp");
            streamPointer = Stream.class.getDeclaredMethod("getVsp");
            volPointer.setAccessible(true);
            domainPointer.setAccessible(true);
            streamPointer.setAccessible(true);
            processError = org.libvirt.ErrorHandler.class.getDeclaredMethod("processError", int.class);
            processError.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this version of the libvirt Java binding is not the one InfraKit was built with (org.libvirt 0.5.2): " + e, e);
        }
    }

    /** Starts an upload of {@code length} bytes into {@code vol}; the caller then sends them on {@code stream}. */
    void upload(StorageVol vol, Stream stream, long length) throws LibvirtException {
        int rc = api.virStorageVolUpload((StorageVolPointer) pointer(volPointer, vol), streamPointerOf(stream), 0, length, 0);
        if (rc < 0) {
            throw lastError("virStorageVolUpload");
        }
    }

    void setMetadata(Domain domain, String fragment, String prefix, String namespace, int flags) throws LibvirtException {
        int rc = api.virDomainSetMetadata((DomainPointer) pointer(domainPointer, domain), METADATA_ELEMENT, fragment, prefix, namespace, flags);
        if (rc < 0) {
            throw lastError("virDomainSetMetadata");
        }
    }

    private StreamPointer streamPointerOf(Stream stream) {
        try {
            return (StreamPointer) streamPointer.invoke(stream);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PointerType pointer(Field field, Object owner) {
        try {
            return (PointerType) field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Raises libvirt's thread-local last error as the binding's own {@link LibvirtException}
     * (its constructor is package-private; the binding's ErrorHandler builds it for us).
     */
    private LibvirtException lastError(String call) {
        try {
            processError.invoke(null, -1);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof LibvirtException l) {
                return l;
            }
            throw new IllegalStateException(call + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException(call + " failed without a libvirt error");
    }
}
