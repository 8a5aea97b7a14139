package dev.cellar.tui;

import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.util.List;

/** Cells for view tests. */
public final class Cells {
    private Cells() {
    }

    public static CellInfo cell(String id, String code, CellStatus status, Output... outputs) {
        return new CellInfo(id, CellKind.PYTHON, code, 1, status, List.of(), List.of(), List.of(outputs),
                status == CellStatus.ERROR ? new CellError("ZeroDivisionError", "division by zero",
                        List.of("Traceback (most recent call last):\n", "  File \"cell_" + id + ".py\", line 1\n"), 1) : null,
                null, "user:alice", List.of());
    }
}
