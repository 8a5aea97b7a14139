package dev.cellar.tui;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.TableRows;
import dev.cellar.protocol.method.TableRowsParams;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A table view as CSV (RFC 4180: a header of the column names, fields quoted where they hold
 * a comma, a quote or a line break; a missing value empty), read from the daemon a page at a
 * time so the whole table is never held. Written to a fresh temp file beside the target (made
 * with O_EXCL: a name planted in the notebook's folder, a symlink say, is never written
 * through), then linked in under a name nobody has: an existing file is never replaced,
 * {@code demo.t1.csv} becomes {@code demo.t1-2.csv}. A failure leaves no half file.
 */
public final class TableCsv {
    private TableCsv() {
    }

    /** A page of rows, as {@code table.rows} answers. */
    @FunctionalInterface
    public interface Pages {
        TableRows get(TableRowsParams params) throws IOException;
    }

    /** How many rows were written, and to which file (the asked name, or the next free one). */
    public record Saved(long rows, Path file) {
    }

    /** Every row of the view {@code first} names, from its offset on, to {@code file} or the next free name. */
    public static Saved write(Pages pages, TableRowsParams first, Path file) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            long n = 0;
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                TableRowsParams p = first;
                boolean header = true;
                while (true) {
                    TableRows page = pages.get(p);
                    if (header) {
                        line(out, page.columns().stream().map(c -> (Object) c.name()).toList());
                        header = false;
                    }
                    for (List<Object> row : page.rows()) {
                        line(out, row);
                    }
                    n += page.rows().size();
                    if (page.rows().size() < p.limit()) {
                        break;
                    }
                    p = new TableRowsParams(p.notebookId(), p.cellId(), p.offset() + page.rows().size(), p.limit(),
                            p.sort(), p.descending(), p.search(), page.handle());
                }
            }
            return new Saved(n, publish(tmp, file));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Links {@code tmp} in as {@code file}, or {@code name-2.csv}, {@code -3}…: link(2) fails rather than replace. */
    private static Path publish(Path tmp, Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; i < 1000; i++) {
            Path target = i == 1 ? file : file.resolveSibling(stem + "-" + i + ext);
            try {
                Files.createLink(target, tmp);
                return target;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // someone's file, or an earlier save: try the next name
            }
        }
        throw new IOException(name + " and its next 998 names are all taken");
    }

    static void line(Writer out, List<Object> values) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(values.get(i)));
        }
        out.write(sb.append("\r\n").toString());
    }

    static String field(Object v) {
        if (v == null) {
            return "";
        }
        String s = v instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(v);
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
