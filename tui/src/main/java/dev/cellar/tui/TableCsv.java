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
 * time so the whole table is never held. Written to a temp file beside the target, then moved
 * over it, so a failure leaves no half file.
 */
public final class TableCsv {
    private TableCsv() {
    }

    /** Every row of the view {@code first} names, from its offset on; returns how many. */
    public static long write(CellarClient client, TableRowsParams first, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        long n = 0;
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            TableRowsParams p = first;
            boolean header = true;
            while (true) {
                TableRows page = client.tableRows(p);
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
                p = new TableRowsParams(p.notebookId(), p.cellId(), p.offset() + page.rows().size(), p.limit(), p.sort(),
                        p.descending(), p.search(), page.handle());
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return n;
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
