package dev.cellar.tui.state;

import dev.cellar.protocol.event.ChatEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compact chat cards for tool calls and results: "edited cell k3f9a2", "ran 2 cells: 1 error" (the view adds the glyph). */
final class ToolCards {
    private static final Pattern CELL_ID = Pattern.compile("\"cellId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    private ToolCards() {
    }

    static String call(ChatEvent c) {
        String cell = find(CELL_ID, c.arguments());
        return switch (c.tool()) {
            case "get_notebook" -> "read the notebook";
            case "get_cell" -> "read cell " + cell;
            case "read_table_rows" -> "read rows of cell " + cell + "'s table";
            case "create_cell" -> "adding a cell";
            case "update_cell" -> "editing cell " + cell;
            case "delete_cell" -> "deleting cell " + cell;
            case "move_cell" -> "moving cell " + cell;
            case "run_cells" -> "running cells";
            case "interrupt" -> "interrupting";
            default -> c.tool();
        };
    }

    static String result(ChatEvent c) {
        String json = c.result() == null ? "" : c.result();
        if (!Boolean.TRUE.equals(c.ok())) {
            String err = json.replaceAll(".*\"error\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            return err.length() > 120 ? err.substring(0, 119) + "…" : err;
        }
        return switch (c.tool()) {
            case "create_cell" -> "added cell " + find(CELL_ID, json);
            case "update_cell" -> "edited cell " + find(CELL_ID, json);
            case "delete_cell" -> "deleted a cell";
            case "run_cells" -> {
                Matcher m = STATUS.matcher(json);
                int n = 0;
                int bad = 0;
                while (m.find()) {
                    n++;
                    if (!m.group(1).equals("ok")) {
                        bad++;
                    }
                }
                yield "ran " + n + (n == 1 ? " cell" : " cells") + (bad > 0 ? ": " + bad + (bad == 1 ? " error" : " errors") : "");
            }
            default -> "done";
        };
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text == null ? "" : text);
        return m.find() ? m.group(1) : "?";
    }
}
