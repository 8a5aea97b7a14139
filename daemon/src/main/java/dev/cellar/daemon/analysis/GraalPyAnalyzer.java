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
    private Value rewriteJson;

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

    @Override
    JsonNode rewriteOnThread(List<String> sources, List<Integer> labels) throws Exception {
        context();
        return Json.MAPPER.readTree(rewriteJson.execute(ProxyArray.fromList(new ArrayList<>(sources)),
                ProxyArray.fromList(new ArrayList<>(labels))).asString());
    }

    private void context() {
        if (context != null) {
            return;
        }
        context = Context.newBuilder("python").engine(PythonEngine.shared()).build();
        context.eval(org.graalvm.polyglot.Source.create("python", Resources.text(GraalPyAnalyzer.class, "analyze.py")));
        // rewrite.py imports analyze.py as the worker gives it: a module named cellar_analyze
        context.eval(org.graalvm.polyglot.Source.create("python", """
                import json, sys, types
                def __cellar_analyze_json(sources):
                    return json.dumps(analyze_cells([str(s) for s in sources]))
                def __cellar_module(name, code):
                    m = types.ModuleType(name)
                    exec(compile(str(code), name + '.py', 'exec'), m.__dict__)
                    sys.modules[name] = m
                def __cellar_rewrite_json(sources, labels):
                    import cellar_rewrite
                    return json.dumps(cellar_rewrite.rewrite_cells([str(s) for s in sources], [int(x) for x in labels]))
                """));
        Value module = context.getBindings("python").getMember("__cellar_module");
        module.execute("cellar_analyze", Resources.text(GraalPyAnalyzer.class, "analyze.py"));
        module.execute("cellar_rewrite", Resources.text(GraalPyAnalyzer.class, "rewrite.py"));
        analyzeJson = context.getBindings("python").getMember("__cellar_analyze_json");
        rewriteJson = context.getBindings("python").getMember("__cellar_rewrite_json");
    }

    @Override
    void closeOnThread() {
        if (context != null) {
            context.close(true);
        }
    }
}
