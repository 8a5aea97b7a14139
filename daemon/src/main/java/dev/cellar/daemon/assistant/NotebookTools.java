package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.FixResult;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The assistant's tools: the handlers of {@link Tool}'s rows. Each call becomes a command
 * on the notebook's command loop with actor {@code assistant}: the same validation,
 * versions, conflicts and events as a person's request. Results are compact JSON for the model; a bad call (malformed
 * arguments, unknown cell, conflict) is a result the model reads, never an exception.
 */
final class NotebookTools {
    private static final int CODE_PREVIEW_LINES = 12;
    private static final int OUTPUT_BUDGET = 2000;

    private NotebookTools() {
    }

    /** A tool call's answer to the model, and whether it did what was asked. */
    record Result(String json, boolean ok) {
        static Result error(String message) {
            ObjectNode o = Json.MAPPER.createObjectNode().put("error", message);
            return new Result(o.toString(), false);
        }
    }

    /** The assistant's tools, from {@link Tool}: the model's strict schemas. */
    static List<ChatModel.ToolSpec> specs() {
        return Tool.inNotebooks().stream()
                .map(t -> new ChatModel.ToolSpec(t.wireName(), t.description(), t.strictSchema())).toList();
    }

    static Result call(NotebookSession session, Origin origin, String tool, String arguments, Cancellation cancellation) {
        return call(session, origin, tool, arguments, cancellation, true);
    }

    /**
     * {@code autorun} false: the assistant's edits do not start runs (its code would run
     * without the approval that run_cells asks for, on a kernel that is not confined).
     */
    static Result call(NotebookSession session, Origin origin, String tool, String arguments, Cancellation cancellation,
                       boolean autorun) {
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            if (!args.isObject()) {
                return Result.error("malformed arguments for " + tool + ": expected a JSON object");
            }
        } catch (Exception e) {
            return Result.error("malformed arguments for " + tool + ": not valid JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        try {
            Tool.Handler handler = Tool.named(tool).map(Tool::handler).orElse(null);
            return handler == null ? Result.error("no tool " + tool) : handler.handle(session, origin, args, cancellation, autorun);
        } catch (RpcException e) {
            if (e.errorCode() == ErrorCode.CONFLICT) {
                ObjectNode o = Json.MAPPER.createObjectNode().put("error", "conflict: " + e.getMessage()
                        + ". Someone else changed the cell; here it is now. Merge their change, then update with its version.");
                o.set("current", full(Json.convert(e.data().get("cell"), CellInfo.class)));
                return new Result(o.toString(), false);
            }
            return Result.error(e.getMessage());
        } catch (IllegalArgumentException e) {
            return Result.error("bad arguments for " + tool + ": " + e.getMessage());
        }
    }

    /** The cell a successful call of a tool that {@link Tool#writesCell} wrote: a run of it needs no approval in the same turn. */
    static java.util.Optional<String> writtenBy(String tool, Result result) {
        if (!result.ok() || !Tool.named(tool).map(Tool::writesCell).orElse(false)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Json.MAPPER.readTree(result.json()).path("cellId").asText());
        } catch (Exception ignored) {
            return java.util.Optional.empty(); // results are ours and always JSON
        }
    }

    static Result getNotebook(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                              boolean autorun) {
        return new Result(brief(snapshot(session, origin)).toString(), true);
    }

    static Result getCell(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                          boolean autorun) {
        CellInfo cell = snapshot(session, origin).cell(text(args, "cellId"));
        return cell == null ? Result.error("no cell " + text(args, "cellId")) : new Result(full(cell).toString(), true);
    }

    /** The most rows one tool answer carries: a model reads pages, not tables. */
    static final int MAX_TOOL_ROWS = 200;

    static Result readTableRows(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                                boolean autorun) {
        long offset = args.path("offset").asLong(0);
        int limit = args.path("limit").asInt(50);
        if (offset < 0 || limit < 1 || limit > MAX_TOOL_ROWS) {
            return Result.error("offset must be 0 or more and limit between 1 and " + MAX_TOOL_ROWS);
        }
        dev.cellar.protocol.method.TableRowsParams p = new dev.cellar.protocol.method.TableRowsParams(session.id(),
                text(args, "cellId"), offset, limit, optional(args, "sort"), args.path("descending").asBoolean(false),
                optional(args, "search"), null).validated();
        try {
            dev.cellar.protocol.method.TableRows rows = await(session.tableRows(origin, p), cancellation);
            return new Result(Json.MAPPER.valueToTree(rows).toString(), true);
        } catch (RpcException e) {
            return Result.error(e.getMessage());
        }
    }

    static Result createCell(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                             boolean autorun) {
        String kind = args.path("kind").asText("python");
        CellResult r = await(session.submit(origin, new Command.CreateCell(CellKind.parse(kind),
                text(args, "code"), null, optional(args, "afterCellId"), optional(args, "out"), autorun, false, List.of(),
                new dev.cellar.daemon.model.SqlCellOptions(optional(args, "conn"), false)))); // cache: a person's to ask for
        return new Result(Json.MAPPER.createObjectNode().put("cellId", r.cell().id())
                .put("version", r.cell().version()).toString(), true);
    }

    static Result updateCell(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                             boolean autorun) {
        if (!args.path("expectedVersion").canConvertToLong()) {
            return Result.error("update_cell needs expectedVersion: the version you last saw (get_cell)");
        }
        CellResult r = await(session.submit(origin, new Command.UpdateCell(text(args, "cellId"),
                text(args, "code"), args.get("expectedVersion").asLong(), autorun)));
        return new Result(Json.MAPPER.createObjectNode().put("cellId", r.cell().id())
                .put("version", r.cell().version()).toString(), true);
    }

    static Result deleteCell(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                             boolean autorun) {
        Long expected = args.path("expectedVersion").canConvertToLong() ? args.get("expectedVersion").asLong() : null;
        await(session.submit(origin, new Command.DeleteCell(text(args, "cellId"), expected)));
        return new Result("{\"deleted\":true}", true);
    }

    static Result moveCell(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                           boolean autorun) {
        await(session.submit(origin, new Command.MoveCell(text(args, "cellId"), args.path("index").asInt())));
        return new Result("{\"moved\":true}", true);
    }

    static Result fixNotebook(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                              boolean autorun) {
        FixResult r = await(session.submit(origin, new Command.Fix()));
        ObjectNode o = Json.MAPPER.createObjectNode();
        r.changes().forEach(o.putArray("changes")::add);
        r.problems().forEach(o.putArray("problems")::add);
        r.changedCells().forEach(o.putArray("changedCells")::add);
        return new Result(o.toString(), true);
    }

    static Result interrupt(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                            boolean autorun) {
        await(session.submit(origin, new Command.Interrupt()));
        return new Result("{\"interrupted\":true}", true);
    }

    static Result listTables(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                             boolean autorun) {
        try {
            var listing = await(session.submit(origin, new Command.ListTables(optional(args, "conn"), optional(args, "schema"),
                    optional(args, "table"))), cancellation);
            return new Result(Json.tree(listing).toString(), true);
        } catch (RpcException e) {
            return Result.error(e.getMessage());
        }
    }

    static Result runCells(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                           boolean autorun) {
        List<String> ids = new ArrayList<>();
        args.path("cellIds").forEach(n -> ids.add(n.asText()));
        if (ids.isEmpty()) {
            return Result.error("run_cells needs cellIds: a list of cell ids");
        }
        // a cancelled turn stops the run it started instead of leaving it behind
        Runnable unregister = cancellation.onCancel(() -> session.submit(origin, new Command.Interrupt()));
        try {
            RunResult r = await(session.submit(origin, new Command.Run(ids, true)));
            ArrayNode cells = Json.MAPPER.createArrayNode();
            int budget = OUTPUT_BUDGET;
            for (CellInfo c : r.cells()) {
                ObjectNode o = cells.addObject().put("id", c.id()).put("status", c.status().wireName());
                String out = outputText(c);
                if (!out.isEmpty()) {
                    String shown = truncate(out, Math.max(200, budget));
                    budget -= shown.length();
                    o.put("output_data", shown);
                }
                if (c.error() != null) {
                    o.put("error", c.error().summary());
                    if (!c.error().traceback().isEmpty()) {
                        o.put("traceback", truncate(String.join("", c.error().traceback()), 1200));
                    }
                }
            }
            return new Result(Json.MAPPER.createObjectNode().set("cells", cells).toString(), true);
        } finally {
            unregister.run();
        }
    }

    /** The compact view the model gets of the whole notebook (also part of the system prompt). */
    static ObjectNode brief(NotebookSnapshot nb) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("revision", nb.revision());
        ArrayNode cells = o.putArray("cells");
        for (CellInfo c : nb.cells()) {
            ObjectNode cell = cells.addObject().put("id", c.id()).put("kind", c.kind().wireName())
                    .put("version", c.version()).put("status", c.status().wireName());
            cell.set("defs", Json.tree(c.defs()));
            cell.set("refs", Json.tree(c.refs()));
            List<String> lines = c.code().lines().toList();
            cell.put("code", String.join("\n", lines.subList(0, Math.min(lines.size(), CODE_PREVIEW_LINES)))
                    + (lines.size() > CODE_PREVIEW_LINES ? "\n… (" + lines.size() + " lines)" : ""));
            String out = outputText(c);
            if (!out.isEmpty()) {
                cell.put("output_data", truncate(out, 300));
            }
            if (c.error() != null) {
                cell.put("error", c.error().summary());
            }
        }
        return o;
    }

    private static ObjectNode full(CellInfo c) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("id", c.id()).put("kind", c.kind().wireName())
                .put("version", c.version()).put("status", c.status().wireName()).put("code", c.code());
        o.set("defs", Json.tree(c.defs()));
        o.set("refs", Json.tree(c.refs()));
        String out = outputText(c);
        if (!out.isEmpty()) {
            o.put("output_data", truncate(out, OUTPUT_BUDGET));
        }
        if (c.error() != null) {
            o.put("error", c.error().summary());
            o.put("traceback", truncate(String.join("", c.error().traceback()), 2000));
        }
        return o;
    }

    private static String outputText(CellInfo c) {
        StringBuilder sb = new StringBuilder();
        for (Output o : c.outputs()) {
            switch (o) {
                case Output.Stream s -> sb.append(s.text());
                case Output.Text t -> sb.append(t.text()).append('\n');
                case Output.Table t -> sb.append("table ").append(t.rowCount()).append(" rows: ")
                        .append(t.columns().stream().map(Output.Column::name).toList()).append(' ')
                        .append(t.rows().subList(0, Math.min(5, t.rows().size()))).append('\n');
                case Output.Display d -> sb.append(d.plain()).append(d.data().containsKey(Output.Display.PNG)
                        ? " [an image the user can see]" : "").append('\n');
            }
        }
        return sb.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "… (" + s.length() + " characters in all)";
    }

    private static NotebookSnapshot snapshot(NotebookSession session, Origin origin) {
        return await(session.submit(origin, new Command.Snapshot()));
    }

    /**
     * A read that waits for the kernel (between cells): a cancelled turn stops waiting at once
     * instead of sitting out a long cell; the read itself is harmless to finish later.
     */
    static <T> T await(java.util.concurrent.CompletableFuture<T> f, Cancellation cancellation) {
        Runnable unregister = cancellation.onCancel(() -> f.completeExceptionally(
                new RpcException(ErrorCode.INTERNAL_ERROR, "cancelled: the turn was cancelled")));
        try {
            return await(f);
        } finally {
            unregister.run();
        }
    }

    /** The command's answer; its {@link RpcException} as is, so callers turn it into a tool result. */
    static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(ErrorCode.INTERNAL_ERROR, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RpcException r) {
                throw r;
            }
            throw new RpcException(ErrorCode.INTERNAL_ERROR, String.valueOf(e.getCause().getMessage()));
        }
    }

    private static String text(JsonNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull() || !v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asText();
    }

    private static String optional(JsonNode args, String field) {
        JsonNode v = args.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
