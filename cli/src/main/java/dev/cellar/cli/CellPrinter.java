package dev.cellar.cli;

import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** How cells and their outputs look in a terminal. */
final class CellPrinter {
    private CellPrinter() {
    }

    /** A cell for {@code cellar show}: a header line, its code, then its outputs marked with {@code │}. */
    static void printCell(PrintWriter out, int index, CellInfo cell) {
        printCell(out, index, cell, d -> null);
    }

    /** As above; {@code pictures} draws an image output for a terminal (null: the one-line placeholder). */
    static void printCell(PrintWriter out, int index, CellInfo cell, Function<Output.Display, String> pictures) {
        out.printf("# %%%% [%d] %s  %s  %s  defs: %s  refs: %s%n", index, cell.id(), cell.kind().wireName(),
                cell.status().wireName(), names(cell.defs()), names(cell.refs()));
        if (!cell.code().isEmpty()) {
            out.println(cell.code());
        }
        for (String line : outputLines(cell, pictures)) {
            out.println("│ " + line);
        }
        if (cell.error() != null) {
            out.println("│ " + cell.error().summary());
        }
        out.println();
    }

    /** The outputs as the cell produced them: streams verbatim, values and tables as text. */
    static void printOutputs(PrintWriter out, CellInfo cell) {
        printOutputs(out, cell, d -> null);
    }

    private static void printOutputs(PrintWriter out, CellInfo cell, Function<Output.Display, String> pictures) {
        for (Output o : cell.outputs()) {
            switch (o) {
                case Output.Stream s -> out.print(s.text());
                case Output.Text t -> out.println(t.text());
                case Output.Table t -> {
                    if (t.own(Output.Display.PLAIN) != null) { // pandas' own text, as Jupyter shows it
                        out.println(t.own(Output.Display.PLAIN));
                    } else {
                        TablePrinter.print(out, t);
                    }
                }
                case Output.Display d -> {
                    String picture = pictures.apply(d);
                    out.print(picture != null ? picture : displayText(d) + "\n");
                }
            }
        }
        out.flush();
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
                where, e.summary());
        for (String line : e.traceback()) {
            err.print(line.endsWith("\n") ? line : line + "\n");
        }
        err.flush();
    }

    private static List<String> outputLines(CellInfo cell, Function<Output.Display, String> pictures) {
        java.io.StringWriter text = new java.io.StringWriter();
        printOutputs(new PrintWriter(text), cell, pictures);
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
