package dev.cellar.daemon.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.kernel.Resources;
import dev.cellar.daemon.kernel.graalpy.PythonEngine;
import dev.cellar.protocol.rpc.Json;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/** analyze.py in a dedicated GraalPy context, for notebooks on GraalPy (no cell code ever runs in it). */
public final class GraalPyAnalyzer extends CachingAnalyzer {
    private Context context;
    private Value analyzeJson;

    public GraalPyAnalyzer() {
        super("cellar-analysis-graalpy");
    }

    /** Starts the context now, in the background, so the first notebook on GraalPy opens faster. */
    public void warmUp() {
        onThread(this::context);
    }

    @Override
    JsonNode analyzeOnThread(List<String> sources) throws Exception {
        context();
        return Json.MAPPER.readTree(analyzeJson.execute(ProxyArray.fromList(new ArrayList<>(sources))).asString());
    }

    private void context() {
        if (context != null) {
            return;
        }
        context = Context.newBuilder("python").engine(PythonEngine.shared()).build();
        context.eval(org.graalvm.polyglot.Source.create("python", Resources.text(GraalPyAnalyzer.class, "analyze.py")));
        context.eval(org.graalvm.polyglot.Source.create("python", """
                import json
                def __cellar_analyze_json(sources):
                    return json.dumps(analyze_cells([str(s) for s in sources]))
                """));
        analyzeJson = context.getBindings("python").getMember("__cellar_analyze_json");
    }

    @Override
    void closeOnThread() {
        if (context != null) {
            context.close(true);
        }
    }
}
