package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.tui.text.TerminalText;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jupyter notebooks (nbformat 4): read for {@code cellar import}, written for {@code --out} and {@code export}. */
final class Ipynb {
    private static final Pattern SQL_MAGIC = Pattern.compile("^%%sql(?:\\s+(\\w+)\\s*<<)?[^\\n]*\\n?");

    private Ipynb() {
    }

    /** A cell to create: kind, code, and an SQL cell's result variable, connection and cache (Cellar's metadata). */
    record Imported(CellKind kind, String code, String out, List<String> tags, String conn, boolean cache) {
        Imported(CellKind kind, String code, String out, List<String> tags) {
            this(kind, code, out, tags, null, false);
        }
    }

    static List<Imported> read(Path file) {
        JsonNode nb;
        try {
            nb = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "cannot read " + file + " as a Jupyter notebook: " + e.getMessage());
        }
        if (nb.path("nbformat").asInt() != 4) {
            throw new CliException(ExitCode.FAILED, file + " is not an nbformat 4 notebook (nbformat "
                    + nb.path("nbformat").asText("missing") + ")");
        }
        List<Imported> cells = new ArrayList<>();
        for (JsonNode cell : nb.path("cells")) {
            String source = source(cell.get("source"));
            List<String> tags = new ArrayList<>();
            cell.path("metadata").path("tags").forEach(t -> tags.add(t.asText()));
            switch (cell.path("cell_type").asText()) {
                case "markdown" -> cells.add(new Imported(CellKind.MARKDOWN, source, null, tags));
                case "code" -> {
                    Matcher m = SQL_MAGIC.matcher(source);
                    if (m.find()) {
                        JsonNode cellar = cell.path("metadata").path("cellar"); // what Cellar's export wrote
                        cells.add(new Imported(CellKind.SQL, source.substring(m.end()).strip(), m.group(1), tags,
                                cellar.path("conn").isTextual() ? cellar.get("conn").asText() : null,
                                cellar.path("cache").asBoolean(false)));
                    } else {
                        cells.add(new Imported(CellKind.PYTHON, source, null, tags));
                    }
                }
                case "raw" -> cells.add(new Imported(CellKind.RAW, source, null, tags));
                default -> { } // an unknown cell type has nothing to run or show
            }
        }
        return cells;
    }

    /** The notebook with its outputs as nbformat 4.5 JSON, which Jupyter and GitHub render. */
    static String write(List<CellInfo> cells) {
        ObjectNode nb = Json.MAPPER.createObjectNode();
        ArrayNode out = nb.putArray("cells");
        int count = 0;
        for (CellInfo c : cells) {
            ObjectNode cell = out.addObject();
            if (!c.kind().runs()) {
                cell.put("cell_type", c.kind() == CellKind.RAW ? "raw" : "markdown").put("id", c.id());
                cell.putObject("metadata");
                cell.set("source", lines(c.code()));
                continue;
            }
            // as Jupyter numbers every cell it ran, also one that showed nothing
            boolean ran = !c.outputs().isEmpty() || c.error() != null || c.status() == CellStatus.OK;
            cell.put("cell_type", "code").put("id", c.id());
            if (ran) {
                cell.put("execution_count", ++count);
            } else {
                cell.putNull("execution_count");
            }
            ObjectNode meta = cell.putObject("metadata");
            if (!c.tags().isEmpty()) {
                ArrayNode tags = meta.putArray("tags");
                c.tags().forEach(tags::add);
            }
            String code = c.code();
            if (c.kind() == CellKind.SQL) {
                code = "%%sql" + (c.out() != null ? " " + c.out() + " <<" : "") + "\n" + code;
                ObjectNode cellar = meta.putObject("cellar").put("kind", "sql").put("out", c.out());
                if (c.conn() != null) {
                    cellar.put("conn", c.conn());
                }
                if (c.cache()) {
                    cellar.put("cache", true);
                }
            }
            cell.set("source", lines(code));
            ArrayNode outputs = cell.putArray("outputs");
            for (Output o : c.outputs()) {
                ObjectNode item = outputs.addObject();
                switch (o) {
                    // Jupyter renders SGR colours in text, as a terminal would: they are kept (written afresh), nothing else
                    case Output.Stream s -> item.put("output_type", "stream").put("name", s.name())
                            .set("text", lines(TerminalText.ansi(s.text())));
                    case Output.Text t -> shown(item, t, count).set("text/plain", lines(TerminalText.ansi(t.text())));
                    case Output.Table t -> {
                        ObjectNode data = shown(item, t, count);
                        data.set("text/plain", lines(tableText(t)));
                        data.set("text/html", lines(t.own("text/html") != null ? t.own("text/html") : HtmlReport.table(t)));
                    }
                    case Output.Display d -> bundle(shown(item, d, count), d);
                }
            }
            CellError e = c.error();
            if (e != null) {
                ObjectNode item = outputs.addObject().put("output_type", "error").put("ename", e.ename())
                        .put("evalue", e.message() == null ? "" : TerminalText.ansi(e.message()));
                ArrayNode tb = item.putArray("traceback");
                e.traceback().forEach(line -> tb.add(TerminalText.ansi(line.endsWith("\n") ? line.substring(0, line.length() - 1)
                        : line)));
            }
        }
        ObjectNode metadata = nb.putObject("metadata");
        metadata.putObject("kernelspec").put("name", "python3").put("display_name", "Python 3").put("language", "python");
        metadata.putObject("language_info").put("name", "python");
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(nb) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A MIME bundle as nbformat keeps it: base64 images as one string, JSON as an object, text as lines. */
    private static void bundle(ObjectNode data, Output.Display d) {
        d.data().forEach((mime, value) -> {
            if (mime.startsWith("image/") && !mime.equals("image/svg+xml")) {
                data.put(mime, value);
            } else if (mime.equals("application/json") || mime.endsWith("+json")) {
                try {
                    data.set(mime, Json.MAPPER.readTree(value));
                } catch (IOException e) {
                    data.set("text/plain", lines(value));
                }
            } else {
                data.set(mime, lines(value));
            }
        });
    }

    /**
     * Jupyter's two kinds of shown value: the cell's last value is an {@code execute_result},
     * numbered as its cell; what the cell displayed while it ran a {@code display_data}, unnumbered.
     * Answers the output's {@code data}, to fill.
     */
    private static ObjectNode shown(ObjectNode item, Output o, int count) {
        if (Output.kindOf(o) == Output.Kind.RESULT) {
            item.put("output_type", "execute_result").put("execution_count", count);
        } else {
            item.put("output_type", "display_data");
        }
        ObjectNode data = item.putObject("data");
        item.putObject("metadata");
        return data;
    }

    /** A table as text: the value's own (pandas') text when it has one, else Cellar's grid. */
    static String tableText(Output.Table t) {
        if (t.own(Output.Display.PLAIN) != null) {
            return t.own(Output.Display.PLAIN);
        }
        StringWriter w = new StringWriter();
        java.io.PrintWriter p = new java.io.PrintWriter(w);
        TablePrinter.print(p, t);
        p.flush();
        return w.toString();
    }

    /** nbformat's multi-line strings: a list of lines, each keeping its newline. */
    private static ArrayNode lines(String text) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                a.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            a.add(text.substring(start));
        }
        return a;
    }

    /** nbformat's multi-line strings: one string, or a list of lines. */
    static String source(JsonNode source) {
        if (source == null) {
            return "";
        }
        if (source.isArray()) {
            StringBuilder sb = new StringBuilder();
            source.forEach(l -> sb.append(l.asText()));
            return sb.toString();
        }
        return source.asText();
    }
}
