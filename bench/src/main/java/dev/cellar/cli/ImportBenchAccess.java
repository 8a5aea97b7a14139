package dev.cellar.cli;

import dev.cellar.protocol.model.CellKind;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/** The cells {@code cellar import} would send for an .ipynb, for {@code ImportBench}'s before/after (import's reader is package-private). */
public final class ImportBenchAccess {
    private ImportBenchAccess() {
    }

    /** One cell as import sends it. */
    public record Cell(CellKind kind, String code, String out, List<String> tags) {
    }

    public static List<Cell> cells(Path ipynb) {
        return ImportCommand.read(ipynb, new PrintWriter(Writer.nullWriter())).stream()
                .map(c -> new Cell(c.kind(), c.code(), c.out(), c.tags())).toList();
    }
}
