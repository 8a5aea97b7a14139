package dev.cellar.tui.view;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.tui.input.Keymap;
import dev.cellar.tui.input.PictureKeys;
import dev.cellar.tui.state.KindChoice;
import dev.cellar.tui.state.Screen;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.List;

/**
 * The bottom line: what the screen is about (a question, the kind menu, the cell whose
 * output is selected) and the keys that matter now, from the {@link Keymap}. It fits the
 * width without cutting a hint in two: hints that do not fit are left out whole, the least
 * important first, and a long question is shortened at a word.
 */
final class Footer {
    private static final String GAP = "  ";

    private Footer() {
    }

    /** The footer's text for {@code width} columns (without the leading space the bar draws). */
    static String line(TuiState s, int width) {
        int room = width - 1;
        if (s.screen() instanceof Screen.Cells && s.message() != null && !s.message().isEmpty()) {
            return shorten(s.message(), room); // the answer to the last key, until the next one
        }
        return fit(context(s), Keymap.hints(s), room);
    }

    /** {@code context} then as many hints as fit, in their order; the context shortened when even one would not fit. */
    static String fit(String context, List<String> hints, int room) {
        String head = context;
        if (!hints.isEmpty() && !head.isEmpty() && head.length() + GAP.length() + hints.getFirst().length() > room) {
            head = shorten(head, Math.max(1, room - GAP.length() - hints.getFirst().length()));
        }
        StringBuilder line = new StringBuilder(head);
        for (String hint : hints) {
            // a heading that ends in a colon leads into its keys; anything else stands apart
            String gap = line.isEmpty() ? "" : line.length() == head.length() && head.endsWith(":") ? " " : GAP;
            if (line.length() + gap.length() + hint.length() <= room) {
                line.append(gap).append(hint);
            }
        }
        return line.length() > room ? shorten(line.toString(), room) : line.toString();
    }

    /** {@code text} within {@code room} columns, cut after a whole word with "…" when it is longer. */
    static String shorten(String text, int room) {
        if (text.length() <= room) {
            return text;
        }
        int cut = text.lastIndexOf(' ', Math.max(0, room - 1));
        String kept = cut > 0 ? text.substring(0, cut).stripTrailing() : text.substring(0, Math.max(0, room - 1));
        return kept + "…";
    }

    private static String context(TuiState s) {
        CellInfo cell = s.selectedCell();
        String id = cell == null ? "" : cell.id();
        return switch (s.screen()) {
            case Screen.Cells c -> s.outputSelected() ? "output of cell " + id + ":" : "";
            case Screen.Editing e -> e.editor().finding() ? "find: " + e.editor().find()
                    : e.editor().inConflict() ? "changed by " + e.editor().theirActor() + ":" : "editing:";
            case Screen.Chatting c -> s.approvalCallId() != null ? "approve the assistant's call?" : "chat:";
            case Screen.Paging p -> p.pager().typing() ? "/" + p.pager().query() : p.pager().note();
            case Screen.Table t -> t.viewer().typing() ? "/" + t.viewer().query() : t.viewer().note();
            case Screen.Help h -> "keys:";
            case Screen.ConfirmDelete d -> "delete cell " + id + "?";
            case Screen.ConfirmRestart r -> "restart the kernel? every variable is lost";
            case Screen.ConfirmTrust t -> s.message();
            case Screen.KindMenu m -> "kind: " + menu(m.choice());
            case Screen.PickPython p -> "python:";
            case Screen.Turns t -> "undo a turn:";
            case Screen.Rewinding r -> "";
            case Screen.Picture p -> "picture " + (p.index() + 1) + " of " + PictureKeys.pictures(cell).size() + " of cell "
                    + id + ":";
        };
    }

    /** The kinds in a row, the chosen one in brackets: {@code python [sql] markdown raw}. */
    private static String menu(KindChoice choice) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < KindChoice.KINDS.size(); i++) {
            String name = KindChoice.KINDS.get(i).wireName();
            items.add(i == choice.chosen() ? "[" + name + "]" : name);
        }
        return String.join(" ", items);
    }
}
