package dev.cellar.cli;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.text.TerminalText;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** A self-contained HTML page of a notebook: code, outputs, tables and errors, no external files. */
final class HtmlReport {
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
            h1{font-size:1.3rem} .summary{color:#555} .cell{border:1px solid #ddd;border-radius:6px;margin:1rem 0;overflow:hidden}
            .head{background:#f6f6f6;padding:.3rem .6rem;font:12px monospace;color:#555;display:flex;gap:1rem}
            .ok .status{color:#1a7f37} .error .status,.blocked .status,.interrupted .status{color:#cf222e}
            pre{margin:0;padding:.6rem;overflow-x:auto;font:13px/1.4 monospace;white-space:pre-wrap}
            pre.code{background:#fbfbfb;border-bottom:1px solid #eee} pre.err{color:#cf222e;background:#fff5f5}
            table{border-collapse:collapse;margin:.6rem;font:13px monospace} td,th{border:1px solid #ddd;padding:.15rem .5rem}
            th{background:#f3f3f3;text-align:left} .md{padding:.2rem .8rem} .more{color:#777;margin:0 .6rem .6rem}
            """;

    private HtmlReport() {
    }

    static String page(String title, List<CellInfo> cells, ToLongFunction<String> millis, String summary) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title><style>").append(STYLE).append("</style></head><body>\n<h1>")
                .append(esc(title)).append("</h1>\n<p class=\"summary\">").append(esc(summary)).append("</p>\n");
        for (CellInfo c : cells) {
            if (!c.kind().runs()) {
                h.append("<div class=\"cell md\"><pre>").append(esc(c.code())).append("</pre></div>\n");
                continue;
            }
            h.append("<div class=\"cell ").append(c.status().wireName()).append("\" id=\"cell-").append(esc(c.id()))
                    .append("\"><div class=\"head\"><span>").append(esc(c.id())).append("</span><span>")
                    .append(c.kind().wireName()).append("</span><span class=\"status\">").append(c.status().wireName())
                    .append("</span><span>").append(String.format(Locale.ROOT, "%.2f s", millis.applyAsLong(c.id()) / 1000.0))
                    .append("</span></div>\n<pre class=\"code\">").append(esc(c.code())).append("</pre>\n");
            for (Output o : c.outputs()) {
                switch (o) {
                    case Output.Stream s -> h.append("<pre class=\"").append(esc(s.name())).append("\">")
                            .append(esc(TerminalText.plain(s.text()))).append("</pre>\n");
                    case Output.Text t -> h.append("<pre>").append(esc(TerminalText.plain(t.text()))).append("</pre>\n");
                    case Output.Table t -> h.append(table(t)).append('\n');
                    case Output.Display d -> h.append(display(d)).append('\n');
                }
            }
            if (c.error() != null) {
                h.append("<pre class=\"err\">").append(esc(TerminalText.plain(c.error().traceback().isEmpty()
                        ? c.error().summary() : String.join("", c.error().traceback())))).append("</pre>\n");
            }
            h.append("</div>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** An image inline (the report stays one file), else the cell's own HTML as nbconvert does, else text. */
    static String display(Output.Display d) {
        String png = d.data().get(Output.Display.PNG);
        if (png != null) {
            return "<img alt=\"" + esc(d.plain()) + "\" src=\"data:image/png;base64," + png.replaceAll("\\s", "") + "\">";
        }
        String html = d.data().get("text/html");
        return html != null ? "<div class=\"html\">" + html + "</div>" : "<pre>" + esc(d.plain()) + "</pre>";
    }

    static String table(Output.Table t) {
        if (t.own("text/html") != null) { // the value's own HTML (pandas'), as nbconvert shows it
            return "<div class=\"html\">" + t.own("text/html") + "</div>";
        }
        StringBuilder h = new StringBuilder("<table><tr>");
        t.columns().forEach(c -> h.append("<th title=\"").append(esc(c.type())).append("\">").append(esc(c.name())).append("</th>"));
        h.append("</tr>");
        for (List<Object> row : t.rows()) {
            h.append("<tr>");
            row.forEach(v -> h.append("<td>").append(esc(String.valueOf(v))).append("</td>"));
            h.append("</tr>");
        }
        h.append("</table>");
        if (t.rowCount() > t.rows().size()) {
            h.append("<p class=\"more\">").append(t.rows().size()).append(" of ").append(t.rowCount()).append(" rows</p>");
        }
        return h.toString();
    }

    /** HTML-escaped, and any control character shown as its picture (a page is a terminal's input too, via curl or cat). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return TerminalText.printable(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
