package dev.cellar.tui.view;

import java.util.ArrayList;
import java.util.List;

/** A markdown pipe table's lines as an aligned grid: cells padded to their column's width, the |---| row a rule. */
final class TableGrid {
    private TableGrid() {
    }

    static List<String> align(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        int rule = -1;
        for (String line : lines) {
            String inner = line.strip();
            inner = inner.substring(1, inner.length() - 1);
            List<String> cells = new ArrayList<>();
            for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
                cells.add(cell.strip());
            }
            if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                rule = rows.size();
            }
            rows.add(cells);
            for (int i = 0; i < cells.size(); i++) {
                int w = rule == rows.size() - 1 ? 1 : cells.get(i).length();
                if (i == widths.size()) {
                    widths.add(w);
                } else {
                    widths.set(i, Math.max(widths.get(i), w));
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < widths.size(); i++) {
                String cell = i < rows.get(r).size() ? rows.get(r).get(i) : "";
                sb.append(i == 0 ? "" : r == rule ? "-+-" : " | ");
                sb.append(r == rule ? "-".repeat(widths.get(i)) : cell + " ".repeat(widths.get(i) - cell.length()));
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }
}
