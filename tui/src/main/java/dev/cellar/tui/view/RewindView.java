package dev.cellar.tui.view;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.RewindChange;
import dev.cellar.protocol.model.RewindConflict;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.tui.state.Rewind;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of undoing a turn: the turn list the chat pane shows while one is chosen, and
 * the preview of its rewind (which cells go, come back, get their old code or move back,
 * first lines before and after; the cells changed since, with both versions). Pure: lines
 * of text, drawn by the {@link Renderer}.
 */
final class RewindView {
    private static final int CODE = 32;

    private RewindView() {
    }

    /** The turns, newest last, the chosen one marked; {@code chosenRow} gets the index of its line. */
    static List<String> turnLines(Rewind r, Glyphs glyphs, int[] chosenRow) {
        List<String> lines = new ArrayList<>();
        lines.add("turns — u/Enter: preview undoing one");
        if (r.turns() == null) {
            lines.add("  listing the turns…");
            return lines;
        }
        for (int i = 0; i < r.turns().size(); i++) {
            TurnInfo t = r.turns().get(i);
            if (i == r.selected()) {
                chosenRow[0] = lines.size();
            }
            lines.add((i == r.selected() ? glyphs.selected() + " " : "  ") + t.turnId() + "  " + t.actor()
                    + (t.rewound() ? "  (rewound)" : ""));
            if (t.prompt() != null && !t.prompt().isBlank()) {
                lines.add("    \"" + clip(firstLine(t.prompt()), 60) + "\"");
            }
            lines.add("    " + t.summary());
        }
        return lines;
    }

    /** The preview, one string a line. */
    static List<String> previewLines(Rewind.Preview p, Glyphs glyphs) {
        String arrow = glyphs.unicode() ? " → " : " -> ";
        List<String> lines = new ArrayList<>();
        TurnInfo t = p.turn();
        lines.add("Rewind " + t.turnId() + " (" + t.actor() + (t.prompt() == null || t.prompt().isBlank() ? ""
                : ", \"" + clip(firstLine(t.prompt()), 40) + "\"") + ")");
        lines.add("");
        int n = p.changes().size();
        lines.add(n == 0 ? "It changed no cells that are still as it left them: nothing to undo."
                : (p.needsForce() ? "A forced rewind changes " : "Undoing it changes ") + n + (n == 1 ? " cell" : " cells")
                + ", as one edit:");
        for (RewindChange c : p.changes()) {
            String forced = p.forced().contains(c.cellId()) ? "  (forced)" : "";
            lines.add(switch (c.change()) {
                case DELETE -> "  delete   " + c.cellId() + "  " + code(c.codeNow()) + arrow + "(deleted)" + forced;
                case RESTORE -> "  restore  " + c.cellId() + "  (deleted)" + arrow + code(c.codeAfter()) + " at ["
                        + c.indexAfter() + "]" + forced;
                case REVERT -> "  old code " + c.cellId() + "  " + code(c.codeNow()) + arrow + code(c.codeAfter()) + forced;
                case MOVE -> "  move     " + c.cellId() + "  [" + c.indexNow() + "]" + arrow + "[" + c.indexAfter() + "]  "
                        + code(c.codeNow()) + forced;
            });
        }
        if (p.needsForce()) {
            lines.add("");
            lines.add("Changed after the turn (y cannot undo it; f overwrites these with what the turn found):");
            for (RewindConflict c : p.conflicts()) {
                CellInfo now = c.current();
                lines.add("  " + c.cellId() + "  the turn left: " + (c.turnCode() == null ? "(deleted)" : code(c.turnCode())));
                lines.add("  " + " ".repeat(c.cellId().length()) + "  now" + (now == null ? ": (deleted)"
                        : " (v" + now.version() + (now.lastActor() == null ? "" : ", " + now.lastActor()) + "): "
                        + code(now.code())));
            }
        }
        return lines; // the keys are in the footer, from the keymap
    }

    private static String code(String code) {
        if (code == null) {
            return "(none)";
        }
        String first = firstLine(code);
        return code.strip().contains("\n") ? clip(first, CODE - 1) + " …" : clip(first, CODE);
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int nl = stripped.indexOf('\n');
        return nl < 0 ? stripped : stripped.substring(0, nl).stripTrailing();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
