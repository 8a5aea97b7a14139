package dev.cellar.cli;

import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.text.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How cells and their outputs look in a terminal. A cell's output never reaches the terminal
 * as control sequences: {@link TerminalText} shows them or drops them, and keeps colours only
 * when {@code colour} says the terminal asked for them (then written afresh as SGR).
 */
final class CellPrinter {
    private CellPrinter() {
    }

    /** A cell for {@code cellar show}: a header line, its code, then its outputs marked with {@code │}. */
    static void printCell(PrintWriter out, int index, CellInfo cell) {
        printCell(out, index, cell, d -> null);
    }

    /** As above; {@code pictures} draws an image output for a terminal (null: the one-line placeholder). */
    static void printCell(PrintWriter out, int index, CellInfo cell, Function<Output.Display, String> pictures) {
        printCell(out, index, cell, pictures, false);
    }

    /** As above; {@code colour}: the outputs keep their colours (SGR only). */
    static void printCell(PrintWriter out, int index, CellInfo cell, Function<Output.Display, String> pictures, boolean colour) {
        out.print(TerminalText.printable(String.format("# %%%% [%d] %s  %s  %s  defs: %s  refs: %s%n", index, cell.id(),
                cell.kind().wireName(), cell.status().wireName(), names(cell.defs()), names(cell.refs()))));
        if (!cell.code().isEmpty()) {
            out.println(TerminalText.printable(cell.code()));
        }
        for (String line : outputLines(cell, pictures, colour)) {
            out.println("│ " + line);
        }
        if (cell.error() != null) {
            for (String line : shown(cell.error().summary(), colour).split("\n", -1)) {
                out.println("│ " + line);
            }
        }
        out.println();
    }

    /** The outputs as the cell produced them: streams verbatim, values and tables as text. */
    static void printOutputs(PrintWriter out, CellInfo cell) {
        printOutputs(out, cell, false);
    }

    /** As above; {@code colour}: the outputs keep their colours (SGR only). */
    static void printOutputs(PrintWriter out, CellInfo cell, boolean colour) {
        printOutputs(out, cell, d -> null, colour);
    }

    private static void printOutputs(PrintWriter out, CellInfo cell, Function<Output.Display, String> pictures,
                                     boolean colour) {
        for (Output o : cell.outputs()) {
            switch (o) {
                case Output.Stream s -> out.print(shown(s.text(), colour));
                case Output.Text t -> out.println(shown(t.text(), colour));
                case Output.Table t -> {
                    if (t.own(Output.Display.PLAIN) != null) { // pandas' own text, as Jupyter shows it
                        out.println(shown(t.own(Output.Display.PLAIN), colour));
                    } else {
                        TablePrinter.print(out, t);
                    }
                }
                case Output.Display d -> {
                    String picture = pictures.apply(d); // Cellar's own escapes, drawn for this terminal
                    out.print(picture != null ? picture : shown(displayText(d), colour) + "\n");
                }
            }
        }
        out.flush();
    }

    /** Output text as a terminal may receive it: SGR written afresh when {@code colour}, every other control shown or dropped. */
    static String shown(String text, boolean colour) {
        return colour ? TerminalText.ansi(text) : TerminalText.plain(text);
    }

    /** A rich output as one line of text: a placeholder for an image, else its text/plain. */
    static String displayText(Output.Display d) {
        int[] size = d.pngSize();
        return size != null ? "[image/png " + size[0] + "x" + size[1] + "]" : d.plain();
    }

    /** What a failure looks like on stderr: which cell, which line, what, and the traceback. */
    static void printError(PrintWriter err, CellInfo cell) {
        CellError e = cell.error();
        if (e == null) {
            return;
        }
        String where = e.line() > 0 ? " at line " + e.line() : "";
        err.printf("cellar: cell %s %s%s: %s%n", cell.id(), cell.status() == CellStatus.BLOCKED ? "blocked" : "failed",
                where, TerminalText.plain(e.summary()));
        for (String line : e.traceback()) {
            line = TerminalText.plain(line);
            err.print(line.endsWith("\n") ? line : line + "\n");
        }
        err.flush();
    }

    private static List<String> outputLines(CellInfo cell, Function<Output.Display, String> pictures, boolean colour) {
        java.io.StringWriter text = new java.io.StringWriter();
        printOutputs(new PrintWriter(text), cell, pictures, colour);
        List<String> lines = new ArrayList<>(List.of(text.toString().split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "-" : String.join(" ", names);
    }
}
