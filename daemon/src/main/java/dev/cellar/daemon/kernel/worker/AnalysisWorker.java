package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.WorkerEnvironment;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A worker process that only analyses cells (analyze.py on the user's own Python, so the
 * grammar is the one that will run the code), apart from every notebook's kernel so cell
 * code can never disturb it. Restarted when it dies. One caller thread at a time.
 */
public final class AnalysisWorker implements AutoCloseable {
    private final Interpreter interpreter;
    private WorkerProcess worker;

    public AnalysisWorker(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** analyze.py's result for each source, in order. */
    public JsonNode analyze(List<String> sources) throws IOException {
        ObjectNode request = Json.MAPPER.createObjectNode().put("op", "analyze");
        sources.forEach(request.putArray("sources")::add);
        return exchange(request, "analysis").get("results");
    }

    /** rewrite.py's {@code rewrite_cells}: new sources, changes, problems. */
    public JsonNode rewrite(List<String> sources, List<Integer> labels) throws IOException {
        ObjectNode request = Json.MAPPER.createObjectNode().put("op", "rewrite");
        sources.forEach(request.putArray("sources")::add);
        labels.forEach(request.putArray("labels")::add);
        return exchange(request, "rewritten").get("result");
    }

    private JsonNode exchange(ObjectNode request, String answerOp) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (worker == null) {
                // isolated in / (never the JVM's temp folder, where anyone may leave a json.py), with
                // the standard library alone and the allow-listed environment: it only parses
                worker = WorkerProcess.start(WorkerLaunch.python(interpreter, Map.of(), null, Map.of()),
                        WorkerEnvironment.confined(System.getenv(), List.of()));
            }
            try {
                JsonNode answer = worker.exchange(request, List.of(), m -> { }).header();
                if (!answer.path("op").asText().equals(answerOp)) {
                    throw new IOException("the analysis worker failed: " + answer.path("message").asText(answer.toString()));
                }
                return answer;
            } catch (WorkerProcess.Died e) {
                worker = null;
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }
}
