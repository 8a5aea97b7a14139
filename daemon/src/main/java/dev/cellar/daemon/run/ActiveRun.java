package dev.cellar.daemon.run;

import dev.cellar.protocol.method.RunResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A run a client asked for: the cells it planned, how it goes, and who waits for its end. */
public record ActiveRun(String runId, List<String> cellIds, RunOptions options, CompletableFuture<RunResult> done) {
}
