package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs a Jupyter notebook was saved with, as Cellar outputs, so an imported notebook
 * shows its results at once (stale until a cell runs here): streams as streams, results and
 * displays as MIME bundles (text alone as text) keeping which they were, an error as its {@code ename: evalue} on
 * stderr (its traceback is IPython's, with colours, and names frames that do not exist here).
 */
final class IpynbOutputs {
    private IpynbOutputs() {
    }

    /** Per cell of the notebook whose type {@link Ipynb#read} keeps (code, markdown, raw), in order. */
    static List<List<Output>> read(Path file) {
        JsonNode nb;
        try {
            nb = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "cannot read " + file + " as a Jupyter notebook: " + e.getMessage());
        }
        List<List<Output>> all = new ArrayList<>();
        for (JsonNode cell : nb.path("cells")) {
            switch (cell.path("cell_type").asText()) {
                case "code" -> all.add(of(cell.path("outputs")));
                case "markdown", "raw" -> all.add(List.of());
                default -> { } // skipped by Ipynb.read too
            }
        }
        return all;
    }

    /** Characters of outputs one cell.create may carry: well within a message's 16 MiB. */
    static final long SENDABLE_CHARS = 4 << 20;

    /** The outputs to send with the cell: null when none, or too many to send (the cell's run will make them). */
    static List<Output> sendable(List<Output> outputs) {
        long chars = 0;
        for (Output o : outputs) {
            chars += switch (o) {
                case Output.Stream s -> s.text().length();
                case Output.Text t -> t.text().length();
                case Output.Display d -> d.data().values().stream().mapToLong(String::length).sum();
                case Output.Table t -> 0;
            };
        }
        return outputs.isEmpty() || chars > SENDABLE_CHARS ? null : outputs;
    }

    static List<Output> of(JsonNode outputs) {
        List<Output> out = new ArrayList<>();
        for (JsonNode o : outputs) {
            switch (o.path("output_type").asText()) {
                case "stream" -> {
                    String name = o.path("name").asText("stdout");
                    out.add(new Output.Stream(name.equals("stderr") ? "stderr" : "stdout", Ipynb.source(o.get("text"))));
                }
                case "execute_result", "display_data" -> {
                    Output.Kind kind = o.path("output_type").asText().equals("execute_result")
                            ? Output.Kind.RESULT : Output.Kind.DISPLAY;
                    Map<String, String> data = new LinkedHashMap<>();
                    o.path("data").fields().forEachRemaining(f -> data.put(f.getKey(),
                            f.getValue().isObject() || f.getValue().isArray() && f.getKey().endsWith("json")
                                    ? f.getValue().toString() : Ipynb.source(f.getValue())));
                    if (data.size() == 1 && data.containsKey(Output.Display.PLAIN)) {
                        out.add(new Output.Text(data.get(Output.Display.PLAIN), kind));
                    } else if (!data.isEmpty()) {
                        out.add(new Output.Display(data, kind));
                    }
                }
                case "error" -> out.add(new Output.Stream("stderr",
                        o.path("ename").asText() + ": " + o.path("evalue").asText() + "\n"));
                default -> { } // nbformat has no other kind
            }
        }
        return out;
    }
}
