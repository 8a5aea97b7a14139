package dev.cellar.daemon.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.kernel.python.PythonEngine;
import dev.cellar.daemon.kernel.python.Resources;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.rpc.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.graalvm.polyglot.Context;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * Analyses Python cells with Python's own {@code ast} (analyze.py) in a dedicated GraalPy
 * context, apart from every notebook's kernel so user code can never disturb it. The
 * context lives on one thread of its own; callers from any notebook queue on it. Results
 * are cached by source text, so reopening a notebook or undoing an edit costs nothing.
 */
public final class PythonAnalyzer implements CellAnalyzer {
    private static final int CACHE_SIZE = 10_000;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cellar-analysis");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Analysis> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private Context context;
    private Value analyzeJson;

    @Override
    public List<Analysis> analyze(List<Source> sources) {
        Future<List<Analysis>> result = thread.submit(() -> analyzeOnThread(sources));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analysing cells", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cell analysis failed: " + e.getCause(), e.getCause());
        }
    }

    /** Starts the analysis context now (in the background) so the first notebook opens faster. */
    public void warmUp() {
        thread.submit(this::context);
    }

    private List<Analysis> analyzeOnThread(List<Source> sources) {
        List<Analysis> results = new ArrayList<>(sources.size());
        List<String> misses = new ArrayList<>();
        for (Source s : sources) {
            if (s.kind() == CellKind.PYTHON && !cache.containsKey(s.code())) {
                misses.add(s.code());
            }
        }
        if (!misses.isEmpty()) {
            context();
            String json = analyzeJson.execute(ProxyArray.fromList(new ArrayList<>(misses))).asString();
            JsonNode array = readJson(json);
            for (int i = 0; i < misses.size(); i++) {
                cache.put(misses.get(i), fromJson(array.get(i)));
            }
        }
        for (Source s : sources) {
            results.add(switch (s.kind()) {
                case PYTHON -> cache.get(s.code());
                case SQL -> SqlNames.analyze(s.code(), s.out());
                case MARKDOWN -> Analysis.EMPTY;
            });
        }
        return results;
    }

    private void context() {
        if (context != null) {
            return;
        }
        context = Context.newBuilder("python").engine(PythonEngine.shared()).build();
        context.eval(org.graalvm.polyglot.Source.create("python", Resources.text(PythonAnalyzer.class, "analyze.py")));
        context.eval(org.graalvm.polyglot.Source.create("python", """
                import json
                def __cellar_analyze_json(sources):
                    return json.dumps(analyze_cells([str(s) for s in sources]))
                """));
        analyzeJson = context.getBindings("python").getMember("__cellar_analyze_json");
    }

    private static Analysis fromJson(JsonNode node) {
        JsonNode error = node.get("error");
        if (error != null && !error.isNull()) {
            return Analysis.syntaxError(error.path("message").asText("invalid syntax"), error.path("line").asInt(),
                    error.path("col").asInt());
        }
        return Analysis.of(strings(node.get("defs")), strings(node.get("refs")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode readJson(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("analyze.py returned malformed JSON", e);
        }
    }


    @Override
    public void close() {
        thread.submit(() -> {
            if (context != null) {
                context.close(true);
            }
        });
        thread.shutdown();
    }
}
