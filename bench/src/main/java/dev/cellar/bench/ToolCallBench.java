package dev.cellar.bench;

import dev.cellar.daemon.Daemon;
import dev.cellar.daemon.assistant.ToolCallTiming;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellResult;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The assistant issue's benchmark: the daemon's own time per tool call, from the call
 * as the model sent it to the JSON result going back, without model time, on a
 * 50-cell notebook with one subscriber attached.
 */
public final class ToolCallBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path dir = Files.createTempDirectory("cellar-bench");
        Path socket = dir.resolve("cellar.sock");
        Files.writeString(dir.resolve("tools.py"), "# cellar: autorun=false\n");
        try (Daemon daemon = Daemon.start(socket); CellarClient client = CellarClient.connect(socket, "watcher")) {
            NotebookSnapshot nb = client.call(Methods.NOTEBOOK_OPEN, new OpenParams(dir.resolve("tools.py").toString(), false),
                    NotebookSnapshot.class);
            client.call(Methods.NOTEBOOK_SUBSCRIBE, new dev.cellar.protocol.method.SubscribeParams(nb.notebookId(), null),
                    Object.class);
            String cell = null;
            for (int i = 0; i < 50; i++) {
                cell = client.call(Methods.CELL_CREATE, new CreateCellParams(nb.notebookId(), CellKind.PYTHON,
                        "v" + i + " = " + i, null, null, null), CellResult.class).cell().id();
            }
            var session = daemon.notebooks().get(nb.notebookId());
            for (String[] call : new String[][] {
                    {"get_notebook", "{}"},
                    {"get_cell", "{\"cellId\":\"" + cell + "\"}"},
                    {"update_cell", null},
                    {"run_cells", "{\"cellIds\":[\"" + cell + "\"]}"}}) {
                System.out.printf("tool %-13s %s%n", call[0], Stats.ofNanos(ToolCallTiming.time(session, call[0], call[1], cell, n)));
            }
        }
    }
}
