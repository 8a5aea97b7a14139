package dev.cellar.daemon.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.worker.AnalysisWorker;
import java.util.List;

/** analyze.py on the user's own Python, in a worker process of its own, for notebooks on that Python. */
final class WorkerAnalyzer extends CachingAnalyzer {
    private final AnalysisWorker worker;

    WorkerAnalyzer(Interpreter interpreter) {
        super("cellar-analysis-" + interpreter.executable().getFileName());
        this.worker = new AnalysisWorker(interpreter);
    }

    @Override
    JsonNode analyzeOnThread(List<String> sources) throws Exception {
        return worker.analyze(sources);
    }

    @Override
    JsonNode rewriteOnThread(List<String> sources, List<Integer> labels) throws Exception {
        return worker.rewrite(sources, labels);
    }

    @Override
    void closeOnThread() {
        worker.close();
    }
}
