package io.infrakit.libvirt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test-side ISO 9660 reader: independent of the writer's code, it parses what the standard says. */
record IsoReader(byte[] image) {

    static final int SECTOR = 2048;

    String primaryVolumeId() {
        requireDescriptor(16, 1);
        return new String(image, 16 * SECTOR + 40, 32, StandardCharsets.US_ASCII).trim();
    }

    String jolietVolumeId() {
        int at = jolietDescriptor();
        return new String(image, at + 40, 32, StandardCharsets.UTF_16BE).trim();
    }

    int volumeSpaceSize() {
        return le32(16 * SECTOR + 80);
    }

    /** File name (as recorded) -> content, from the primary tree. */
    Map<String, String> primaryFiles() {
        return files(16 * SECTOR + 156, false);
    }

    /** File name (as recorded) -> content, from the Joliet tree. */
    Map<String, String> jolietFiles() {
        return files(jolietDescriptor() + 156, true);
    }

    private int jolietDescriptor() {
        for (int s = 16; s < 32; s++) {
            int at = s * SECTOR;
            if ((image[at] & 0xff) == 255) {
                break;
            }
            if (image[at] == 2 && image[at + 88] == '%' && image[at + 89] == '/' && image[at + 90] == 'E') {
                return at;
            }
        }
        throw new AssertionError("no Joliet supplementary volume descriptor");
    }

    private void requireDescriptor(int sector, int type) {
        int at = sector * SECTOR;
        if (image[at] != type || !"CD001".equals(new String(image, at + 1, 5, StandardCharsets.US_ASCII))) {
            throw new AssertionError("no volume descriptor of type " + type + " at sector " + sector);
        }
    }

    private Map<String, String> files(int rootRecord, boolean joliet) {
        int extent = le32(rootRecord + 2);
        int length = le32(rootRecord + 10);
        if (be32(rootRecord + 6) != extent) {
            throw new AssertionError("root extent both-endian mismatch");
        }
        Map<String, String> files = new LinkedHashMap<>();
        int at = extent * SECTOR;
        int end = at + length;
        int index = 0;
        while (at < end) {
            int recordLength = image[at] & 0xff;
            if (recordLength == 0) {
                break;
            }
            int idLength = image[at + 32] & 0xff;
            byte[] id = Arrays.copyOfRange(image, at + 33, at + 33 + idLength);
            boolean directory = (image[at + 25] & 2) != 0;
            if (index >= 2) { // skip "." and ".."
                String name = new String(id, joliet ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
                int fileExtent = le32(at + 2);
                int size = le32(at + 10);
                if (directory) {
                    throw new AssertionError("unexpected subdirectory " + name);
                }
                files.put(name, new String(image, fileExtent * SECTOR, size, StandardCharsets.UTF_8));
            }
            index++;
            at += recordLength;
        }
        return files;
    }

    private int le32(int at) {
        return ByteBuffer.wrap(image, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private int be32(int at) {
        return ByteBuffer.wrap(image, at, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    }
}
