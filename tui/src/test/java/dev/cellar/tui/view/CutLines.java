package dev.cellar.tui.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a drawn screen cut at its right edge: text that reaches the last column and does
 * not go on in the next line (a soft wrap's {@code ↪}). Bars and pictures that fill the width on
 * purpose (rules, half-blocks, the chat's divider) are not text. The tmux test at 80x24 checks
 * the same rule on real screens.
 */
final class CutLines {
    private static final String FILLS = " ─━▀▄│|-";

    private CutLines() {
    }

    static List<String> in(String screen, int width) {
        List<String> lines = screen.lines().toList();
        List<String> cut = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.length() < width || FILLS.indexOf(l.charAt(width - 1)) >= 0) {
                continue;
            }
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            if (!next.substring(0, Math.min(12, next.length())).contains("↪")) {
                cut.add(l);
            }
        }
        return cut;
    }
}
