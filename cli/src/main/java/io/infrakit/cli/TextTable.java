package io.infrakit.cli;

import java.util.List;

/** Left-aligned text columns separated by two spaces (the last column unpadded), like InfraKit's listings. */
public final class TextTable {
    private TextTable() {
    }

    public static String format(List<String[]> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                sb.append(i == columns - 1 ? row[i] : row[i] + " ".repeat(widths[i] - row[i].length() + 2));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
