package io.infrakit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Left-aligned text columns, two spaces apart, like kubectl's tables. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean header;

    Table(String... header) {
        this(true, header);
    }

    Table(boolean showHeader, String... header) {
        this.header = showHeader;
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        lines(UnaryOperator.identity()).forEach(out::println);
        out.flush();
    }

    /**
     * The lines to print, each cell padded to its column and then passed through {@code paint}
     * (colour), so escape codes never count towards the width.
     */
    List<String> lines(UnaryOperator<String> paint) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols && i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int n = header ? 0 : 1; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String cell = i < r.length ? r[i] : "";
                line.append(n == 0 ? cell : paint.apply(cell));
                if (i < cols - 1) {
                    line.append(" ".repeat(width[i] - cell.length() + 2));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
