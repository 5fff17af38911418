package io.infrakit.libvirt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a small ISO 9660 image holding a few files in its root directory, with a Joliet tree so
 * that Linux shows the files under their exact names ({@code user-data}, not {@code user_dat.}).
 * This is all a NoCloud {@code cidata} seed needs; it avoids depending on genisoimage on the host.
 *
 * <p>Layout (2048-byte sectors): 0-15 system area, 16 primary volume descriptor, 17 Joliet
 * supplementary descriptor, 18 terminator, 19-22 path tables (primary L/M, Joliet L/M),
 * 23 primary root directory, 24 Joliet root directory, then each file's data.
 */
public final class Iso9660Writer {

    static final int SECTOR = 2048;
    private static final int FIRST_DATA_SECTOR = 25;
    private static final int PVD = 16, SVD = 17, TERMINATOR = 18;
    private static final int PATH_L = 19, PATH_M = 20, JOLIET_PATH_L = 21, JOLIET_PATH_M = 22;
    private static final int ROOT = 23, JOLIET_ROOT = 24;

    private final String volumeId;
    private final Instant recorded;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** {@code volumeId} is the label blkid and cloud-init see (at most 16 characters, for Joliet). */
    public Iso9660Writer(String volumeId, Instant recorded) {
        if (volumeId.isEmpty() || volumeId.length() > 16) {
            throw new IllegalArgumentException("ISO volume id '" + volumeId + "' must have 1 to 16 characters");
        }
        this.volumeId = volumeId;
        this.recorded = recorded;
    }

    /** Adds a file to the root directory; {@code name} is kept as is in the Joliet tree. */
    public Iso9660Writer add(String name, byte[] content) {
        if (name.isEmpty() || name.length() > 64 || name.matches(".*[*/:;?\\\\].*")) {
            throw new IllegalArgumentException("ISO file name '" + name + "' must have 1 to 64 characters and none of * / : ; ? \\");
        }
        files.put(name, content.clone());
        return this;
    }

    /** The image, ready to be written to a volume or a file. */
    public byte[] toBytes() {
        // Both trees list files sorted by their own identifiers (ISO 9660 9.3); data extents are shared.
        Map<String, String> primaryNames = primaryNames();
        List<String> names = new ArrayList<>(files.keySet());
        Map<String, Integer> extent = new LinkedHashMap<>();
        int next = FIRST_DATA_SECTOR;
        for (String name : names) {
            extent.put(name, next);
            next += sectors(files.get(name).length);
        }
        int totalSectors = next;
        ByteBuffer image = ByteBuffer.allocate(totalSectors * SECTOR).order(ByteOrder.LITTLE_ENDIAN);

        writeVolumeDescriptor(image, PVD, false, totalSectors);
        writeVolumeDescriptor(image, SVD, true, totalSectors);
        image.put(TERMINATOR * SECTOR, (byte) 255).put(TERMINATOR * SECTOR + 6, (byte) 1);
        putAscii(image, TERMINATOR * SECTOR + 1, "CD001", 5);

        writePathTable(image, PATH_L, ROOT, false);
        writePathTable(image, PATH_M, ROOT, true);
        writePathTable(image, JOLIET_PATH_L, JOLIET_ROOT, false);
        writePathTable(image, JOLIET_PATH_M, JOLIET_ROOT, true);

        TreeMap<String, String> primarySorted = new TreeMap<>();
        primaryNames.forEach((name, id) -> primarySorted.put(id, name));
        writeDirectory(image, ROOT, primarySorted, extent, false);
        TreeMap<String, String> jolietSorted = new TreeMap<>();
        names.forEach(name -> jolietSorted.put(name, name)); // no ";1": what genisoimage writes and Linux shows
        writeDirectory(image, JOLIET_ROOT, jolietSorted, extent, true);

        for (String name : names) {
            image.put(extent.get(name) * SECTOR, files.get(name));
        }
        return image.array();
    }

    /** Level-1 names for the primary tree (8.3, upper case, d-characters), unique. */
    private Map<String, String> primaryNames() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : files.keySet()) {
            int dot = name.lastIndexOf('.');
            String base = clean(dot > 0 ? name.substring(0, dot) : name, 8);
            String ext = clean(dot > 0 ? name.substring(dot + 1) : "", 3);
            String id = base + "." + ext + ";1";
            for (int n = 1; result.containsValue(id); n++) {
                String suffix = Integer.toString(n);
                id = base.substring(0, Math.min(base.length(), 8 - suffix.length())) + suffix + "." + ext + ";1";
            }
            result.put(name, id);
        }
        return result;
    }

    private static String clean(String part, int max) {
        StringBuilder out = new StringBuilder();
        for (char c : part.toUpperCase(Locale.ROOT).toCharArray()) {
            out.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return out.length() > max ? out.substring(0, max) : out.toString();
    }

    private void writeVolumeDescriptor(ByteBuffer image, int sector, boolean joliet, int totalSectors) {
        int at = sector * SECTOR;
        image.put(at, (byte) (joliet ? 2 : 1));
        putAscii(image, at + 1, "CD001", 5);
        image.put(at + 6, (byte) 1);
        putText(image, at + 8, "LINUX", 32, joliet);
        putText(image, at + 40, volumeId, 32, joliet);
        putBoth32(image, at + 80, totalSectors);
        if (joliet) {
            putAscii(image, at + 88, "%/E", 3); // UCS-2 level 3
        }
        putBoth16(image, at + 120, 1); // volume set size
        putBoth16(image, at + 124, 1); // volume sequence number
        putBoth16(image, at + 128, SECTOR);
        putBoth32(image, at + 132, 10); // path table size: the root entry only
        image.order(ByteOrder.LITTLE_ENDIAN).putInt(at + 140, joliet ? JOLIET_PATH_L : PATH_L);
        image.order(ByteOrder.BIG_ENDIAN).putInt(at + 148, joliet ? JOLIET_PATH_M : PATH_M);
        image.order(ByteOrder.LITTLE_ENDIAN);
        writeRecord(image, at + 156, new byte[] {0}, joliet ? JOLIET_ROOT : ROOT, SECTOR, true);
        putText(image, at + 190, "", 128, joliet); // volume set
        putText(image, at + 318, "", 128, joliet); // publisher
        putText(image, at + 446, "", 128, joliet); // data preparer
        putText(image, at + 574, "INFRAKIT", 128, joliet); // application
        putText(image, at + 702, "", 37, joliet); // copyright file
        putText(image, at + 739, "", 37, joliet); // abstract file
        putText(image, at + 776, "", 37, joliet); // bibliographic file
        putLongDate(image, at + 813, recorded); // creation
        putLongDate(image, at + 830, recorded); // modification
        putLongDate(image, at + 847, null); // expiration: none
        putLongDate(image, at + 864, null); // effective: at once
        image.put(at + 881, (byte) 1); // file structure version
    }

    private static void writePathTable(ByteBuffer image, int sector, int rootSector, boolean bigEndian) {
        int at = sector * SECTOR;
        image.put(at, (byte) 1); // identifier length
        image.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        image.putInt(at + 2, rootSector);
        image.putShort(at + 6, (short) 1); // parent: itself
        image.order(ByteOrder.LITTLE_ENDIAN);
    }

    private void writeDirectory(ByteBuffer image, int sector, TreeMap<String, String> sortedIds,
                                Map<String, Integer> extent, boolean joliet) {
        int at = sector * SECTOR;
        int end = at + SECTOR;
        at += writeRecord(image, at, new byte[] {0}, sector, SECTOR, true); // "."
        at += writeRecord(image, at, new byte[] {1}, sector, SECTOR, true); // ".."
        for (Map.Entry<String, String> e : sortedIds.entrySet()) {
            byte[] id = e.getKey().getBytes(joliet ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
            int length = recordLength(id.length);
            if (at + length > end) {
                throw new IllegalStateException("too many files for a one-sector ISO directory");
            }
            String name = e.getValue();
            at += writeRecord(image, at, id, extent.get(name), files.get(name).length, false);
        }
    }

    private static int recordLength(int idLength) {
        return 33 + idLength + (idLength % 2 == 0 ? 1 : 0);
    }

    private int writeRecord(ByteBuffer image, int at, byte[] id, int extentSector, int dataLength, boolean directory) {
        int length = recordLength(id.length);
        image.put(at, (byte) length);
        putBoth32(image, at + 2, extentSector);
        putBoth32(image, at + 10, dataLength);
        LocalDateTime t = LocalDateTime.ofInstant(recorded, ZoneOffset.UTC);
        image.put(at + 18, (byte) (t.getYear() - 1900)).put(at + 19, (byte) t.getMonthValue())
                .put(at + 20, (byte) t.getDayOfMonth()).put(at + 21, (byte) t.getHour())
                .put(at + 22, (byte) t.getMinute()).put(at + 23, (byte) t.getSecond()).put(at + 24, (byte) 0);
        image.put(at + 25, (byte) (directory ? 2 : 0));
        putBoth16(image, at + 28, 1);
        image.put(at + 32, (byte) id.length);
        image.put(at + 33, id);
        return length;
    }

    private static void putLongDate(ByteBuffer image, int at, Instant when) {
        String digits = when == null ? "0000000000000000"
                : String.format(Locale.ROOT, "%1$tY%1$tm%1$td%1$tH%1$tM%1$tS00", LocalDateTime.ofInstant(when, ZoneOffset.UTC));
        putAscii(image, at, digits, 16);
        image.put(at + 16, (byte) 0); // UTC
    }

    private static void putText(ByteBuffer image, int at, String text, int width, boolean ucs2) {
        if (!ucs2) {
            putAscii(image, at, text, width);
            return;
        }
        for (int i = 0; i + 1 < width; i += 2) {
            char c = i / 2 < text.length() ? text.charAt(i / 2) : ' ';
            image.put(at + i, (byte) (c >> 8)).put(at + i + 1, (byte) c);
        }
    }

    private static void putAscii(ByteBuffer image, int at, String text, int width) {
        for (int i = 0; i < width; i++) {
            image.put(at + i, (byte) (i < text.length() ? text.charAt(i) : ' '));
        }
    }

    private static void putBoth16(ByteBuffer image, int at, int value) {
        image.order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
        image.order(ByteOrder.BIG_ENDIAN).putShort(at + 2, (short) value);
        image.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putBoth32(ByteBuffer image, int at, int value) {
        image.order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        image.order(ByteOrder.BIG_ENDIAN).putInt(at + 4, value);
        image.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int sectors(int bytes) {
        return Math.max(1, (bytes + SECTOR - 1) / SECTOR);
    }
}
