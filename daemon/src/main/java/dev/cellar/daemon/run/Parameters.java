package dev.cellar.daemon.run;

import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters cell, as papermill has it: the cell tagged {@code # %% id="…" tags=["parameters"]}
 * (Jupytext's form; the file store reads Cellar's older bare {@code parameters} as this tag) sets defaults; a batch run's parameters
 * replace them right after it runs, so every cell downstream sees the given values.
 */
final class Parameters {
    private Parameters() {
    }

    /** Refuses parameters the notebook cannot take: no parameters cell, or names it does not define. */
    static void check(Notebook notebook, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        Cell cell = notebook.cells().stream().filter(Cell::parametersCell).findFirst()
                .orElseThrow(() -> new RpcException(ErrorCode.INVALID_PARAMS, notebook.path().getFileName()
                        + " has no parameters cell: tag the cell that sets the defaults: '# %% tags=[\"parameters\"]'"));
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(cell.defs());
        if (!unknown.isEmpty()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "the parameters cell " + cell.id() + " does not define "
                    + String.join(", ", unknown) + " (it defines " + String.join(", ", cell.defs()) + ")");
        }
    }
}
