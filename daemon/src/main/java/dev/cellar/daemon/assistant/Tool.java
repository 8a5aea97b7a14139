package dev.cellar.daemon.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.model.Origin;
import dev.cellar.protocol.model.PresenceActivity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one table of the notebook tools: for each, its name, description and arguments, its
 * risk (read-only and destructive, the hints MCP hosts get; and what the approval gate asks
 * for), the presence it implies, and its handler. The assistant's tool list
 * ({@link NotebookTools#specs}), the agents' ({@link Agents#tools}, served to {@code cellar mcp}
 * as {@code agent.tools}), {@link ToolGate}, {@link ToolPresence} and
 * {@link NotebookTools#writtenBy} all read it; a new tool is one row here.
 *
 * <p>Rows with a handler work in one notebook and are offered to both the assistant and
 * external agents (agents name the notebook in an extra {@code notebook} argument). Rows
 * without one are the agents' only; {@link Agents} carries them out, as they need the daemon
 * (its notebooks, the agent's roots and turns) rather than one notebook.
 */
enum Tool {
    LIST_NOTEBOOKS("list_notebooks", "The notebooks open in the Cellar daemon: id, path, cell count.",
            Map.of(), true, false, Gate.NEVER, null, Presence.of(PresenceActivity.VIEWING), false, null),
    OPEN_NOTEBOOK("open_notebook", "Open a notebook file (.py in the percent format, under the folders this server "
            + "works in) and get it in brief.",
            Map.of("path", Map.of("type", "string", "description", "The notebook's path.")),
            false, false, Gate.NEVER, null, Presence.of(PresenceActivity.VIEWING), false, null),
    GET_NOTEBOOK("get_notebook", "The notebook in brief: every cell's id, kind, version, status, defs, refs, first "
            + "lines of code, a short output and its error.", Map.of(),
            true, false, Gate.NEVER, null, Presence.of(PresenceActivity.VIEWING), false, NotebookTools::getNotebook),
    GET_CELL("get_cell", "One cell in full: code, version, status, outputs and error with traceback.",
            Map.of("cellId", str("The cell's id.")),
            true, false, Gate.NEVER, null, Presence.of(PresenceActivity.VIEWING, "cellId"), false, NotebookTools::getCell),
    READ_TABLE_ROWS("read_table_rows", "Rows of a cell's table output (a DataFrame, a query result, a list of dicts) "
            + "beyond the few get_cell shows: rows [offset, offset+limit) after an optional search and sort, with the "
            + "columns, their types and the row counts. Read row 5000 without the whole table.", Map.of(
            "cellId", str("The cell's id."),
            "offset", Map.of("type", "integer", "description", "The first row, counted from 0."),
            "limit", Map.of("type", "integer", "description", "How many rows (1 to 200)."),
            "sort", nullable("string", "Sort by this column first; null: as the table is."),
            "descending", nullable("boolean", "With sort: largest first."),
            "search", nullable("string", "Only rows with a value containing this text (any case); null: all.")),
            true, false, Gate.NEVER, null, Presence.of(PresenceActivity.VIEWING, "cellId"), false,
            NotebookTools::readTableRows),
    CREATE_CELL("create_cell", "Add a cell. Returns its id and version.", Map.of(
            "code", str("The cell's code."),
            "kind", Map.of("type", "string", "enum", List.of("python", "sql", "markdown")),
            "afterCellId", nullable("string", "Insert after this cell; null for the end."),
            "out", nullable("string", "For an SQL cell: the Python variable that receives its result."),
            "conn", nullable("string", "For an SQL cell: the connection it runs on, \"@NAME\" (one the notebook's header"
                    + " allows with conns=) or \"duckdb\"; null: the notebook's own.")),
            false, false, Gate.CHANGE, null, Presence.of(PresenceActivity.EDITING), true, NotebookTools::createCell),
    UPDATE_CELL("update_cell", "Replace a cell's code. expectedVersion is the version you last saw; if the cell "
            + "changed since (a person edited it), you get a conflict with the current cell: read it and "
            + "merge, never overwrite.", Map.of(
            "cellId", str("The cell's id."),
            "code", str("The new code."),
            "expectedVersion", Map.of("type", "integer", "description", "The version you last saw.")),
            // destructive to MCP hosts (it overwrites), yet not asked under ask-destructive: it is version-checked
            false, true, Gate.CHANGE, null, Presence.of(PresenceActivity.EDITING, "cellId"), true,
            NotebookTools::updateCell),
    DELETE_CELL("delete_cell", "Delete a cell.", Map.of(
            "cellId", str("The cell's id."),
            "expectedVersion", nullable("integer", "The version you last saw, or null.")),
            false, true, Gate.DESTRUCTIVE, "deleting a cell needs approval",
            Presence.of(PresenceActivity.EDITING, "cellId"), false, NotebookTools::deleteCell),
    MOVE_CELL("move_cell", "Move a cell to a position (0 is first).", Map.of(
            "cellId", str("The cell's id."),
            "index", Map.of("type", "integer")),
            false, false, Gate.CHANGE, null, Presence.of(PresenceActivity.EDITING, "cellId"), false,
            NotebookTools::moveCell),
    RUN_CELLS("run_cells", "Run cells and everything that depends on them; waits for the end and returns each "
            + "cell's status, output and error.", Map.of(
            "cellIds", Map.of("type", "array", "items", Map.of("type", "string"))),
            false, false, Gate.RUN, null, Presence.ofFirst(PresenceActivity.RUNNING, "cellIds"), false,
            NotebookTools::runCells),
    LIST_TABLES("list_tables", "The tables and views of the notebook's SQL connection (DuckDB, or the database its "
            + "sql= setting names), or of a connection its SQL cells may name: schema, name, type, at most 500; name a table "
            + "to get its columns and types. Reads the database's own catalog, runs no query; waits for a running cell.", Map.of(
            "conn", nullable("string", "A connection an SQL cell may name: \"@NAME\" (in the header's conns=) or "
                    + "\"duckdb\"; null: the notebook's own."),
            "schema", nullable("string", "Only this schema; null for all but the system ones."),
            "table", nullable("string", "Only this table, with its columns; null for all tables.")),
            true, false, Gate.NEVER, null, Presence.of(PresenceActivity.VIEWING), false, NotebookTools::listTables),
    INTERRUPT("interrupt", "Stop the cell that is running now.", Map.of(),
            false, true, Gate.CHANGE, null, Presence.of(PresenceActivity.RUNNING), false, NotebookTools::interrupt),
    FIX_NOTEBOOK("fix_notebook", "Rewrite the notebook's Python cells so each global name is defined in one cell, "
            + "as cellar import does for Jupyter notebooks: repeated imports removed, names used only inside a cell "
            + "made private (_x), other redefinitions renamed top to bottom (y, y_1, y_2) with later readers following. "
            + "One edit; returns what changed and what is left to do by hand (names used through eval or globals()).",
            Map.of(), false, false, Gate.CHANGE, null, Presence.of(PresenceActivity.EDITING), false,
            NotebookTools::fixNotebook),
    REWIND_TURN("rewind_turn", "Undo your own turn in a notebook (default: your last one) as one "
            + "edit: cells you created are deleted, changed cells get their code back, deleted cells return. Cells a "
            + "person changed since are listed as conflicts and left alone unless you pass them in force.",
            Map.of("notebook", Args.NOTEBOOK,
                    "turnId", Map.of("type", List.of("string", "null"), "description", "Your turn's id; null for the last."),
                    "force", Map.of("type", List.of("array", "null"), "items", Map.of("type", "string"),
                            "description", "Cells to overwrite although they changed since.")),
            // the agent undoes only its own work: never waits for a person (it is checkpointed like any edit)
            false, true, Gate.NEVER, null, Presence.of(PresenceActivity.EDITING), false, null);

    /** Arguments the rows share (a holder: the rows are built before the enum's own static fields). */
    static final class Args {
        /** The argument naming the notebook of an agent's call ({@link Agents} adds it to every notebook tool). */
        static final Map<String, Object> NOTEBOOK = Map.of("type", "string",
                "description", "The notebook: its path (opened if need be) or its id. Optional when the server was "
                        + "started with one notebook.");

        private Args() {
        }
    }

    /** What the approval gate asks a person for, by the notebook's policy ({@link ToolGate#why}). */
    enum Gate {
        /** Never: reads, or undoes only the caller's own work. */
        NEVER,
        /** Under ask-all only. */
        CHANGE,
        /** Under ask-all and ask-destructive. */
        DESTRUCTIVE,
        /** Under ask-all; under ask-destructive, by the run rules (cells of others, unconfined code, SQL on a server). */
        RUN
    }

    /** The presence a call implies: what it does, and the argument naming its cell (null: none). */
    record Presence(PresenceActivity activity, String cellArgument, boolean firstOfList) {
        static Presence of(PresenceActivity activity) {
            return new Presence(activity, null, false);
        }

        static Presence of(PresenceActivity activity, String cellArgument) {
            return new Presence(activity, cellArgument, false);
        }

        /** About the first cell of a list argument. */
        static Presence ofFirst(PresenceActivity activity, String listArgument) {
            return new Presence(activity, listArgument, true);
        }

        /** The cell {@code args} name, or null. */
        String cell(JsonNode args) {
            if (cellArgument == null) {
                return null;
            }
            JsonNode id = firstOfList ? args.path(cellArgument).path(0) : args.path(cellArgument);
            return id.isTextual() ? id.asText() : null;
        }
    }

    /** Carries out a call in one notebook; see {@link NotebookTools#call}. */
    @FunctionalInterface
    interface Handler {
        NotebookTools.Result handle(NotebookSession session, Origin origin, JsonNode args, Cancellation cancellation,
                                    boolean autorun);
    }

    private final String wireName;
    private final String description;
    private final Map<String, Object> properties;
    private final boolean readOnly;
    private final boolean destructive;
    private final Gate gate;
    private final String asks;
    private final Presence presence;
    private final boolean writesCell;
    private final Handler handler;

    Tool(String wireName, String description, Map<String, Object> properties, boolean readOnly, boolean destructive,
         Gate gate, String asks, Presence presence, boolean writesCell, Handler handler) {
        this.wireName = wireName;
        this.description = description;
        this.properties = properties;
        this.readOnly = readOnly;
        this.destructive = destructive;
        this.gate = gate;
        this.asks = asks;
        this.presence = presence;
        this.writesCell = writesCell;
        this.handler = handler;
    }

    /** The name the model and agents call it by. */
    String wireName() {
        return wireName;
    }

    String description() {
        return description;
    }

    /** Its arguments as JSON schema properties (an agent's {@code notebook} not included, except for agents' own tools). */
    Map<String, Object> properties() {
        return properties;
    }

    /** Changes nothing: no approval, no turn, no tool-call events. */
    boolean readOnly() {
        return readOnly;
    }

    /** May remove work (delete, overwrite, undo, stop a run): MCP's destructive hint. */
    boolean destructive() {
        return destructive;
    }

    Gate gate() {
        return gate;
    }

    /** Why a {@link Gate#DESTRUCTIVE} call waits under ask-destructive. */
    String asks() {
        return asks;
    }

    Presence presence() {
        return presence;
    }

    /** A successful call wrote the cell its result names ({@code cellId}): running it needs no approval in the turn. */
    boolean writesCell() {
        return writesCell;
    }

    /** Works in one notebook and is the assistant's too; false: an agents' own tool, carried out by {@link Agents}. */
    boolean inNotebook() {
        return handler != null;
    }

    Handler handler() {
        return handler;
    }

    /** The assistant's (and the model's) strict schema: every property required, nullable ones too; no others. */
    Map<String, Object> strictSchema() {
        return Map.of("type", "object", "properties", properties,
                "required", List.copyOf(new TreeSet<>(properties.keySet())), "additionalProperties", false);
    }

    static Optional<Tool> named(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** The tools of one notebook, in the order offered: the assistant's whole set. */
    static List<Tool> inNotebooks() {
        return Arrays.stream(values()).filter(Tool::inNotebook).toList();
    }

    private static Map<String, Object> str(String description) {
        return Map.of("type", "string", "description", description);
    }

    private static Map<String, Object> nullable(String type, String description) {
        return Map.of("type", List.of(type, "null"), "description", description);
    }
}
