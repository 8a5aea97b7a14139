package dev.cellar.protocol.method;

import dev.cellar.protocol.model.CellInfo;
import java.util.List;

/** A run's id; when the caller waited, the final state of every cell the run touched, in notebook order. */
public record RunResult(String runId, List<CellInfo> cells) {
}
