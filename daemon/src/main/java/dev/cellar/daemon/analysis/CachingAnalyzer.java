package dev.cellar.daemon.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.model.CellKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Analyses Python cells with Python's own {@code ast} (analyze.py) on one Python, from one
 * thread of its own that callers from every notebook queue on. Results are cached by
 * source text, so reopening a notebook or undoing an edit costs nothing. Subclasses say
 * where analyze.py runs: embedded GraalPy or the user's interpreter.
 */
abstract class CachingAnalyzer implements CellAnalyzer {
    private static final int CACHE_SIZE = 10_000;

    private final ExecutorService thread;
    private final Map<String, Analysis> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    CachingAnalyzer(String threadName) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** analyze.py's {@code analyze_cells} on these sources: a JSON array, one result each. On the thread. */
    abstract JsonNode analyzeOnThread(List<String> sources) throws Exception;

    /** rewrite.py's {@code rewrite_cells}; on the thread. */
    abstract JsonNode rewriteOnThread(List<String> sources, List<Integer> labels) throws Exception;

    @Override
    public Rewritten rewrite(List<String> sources, List<Integer> labels) {
        Future<JsonNode> result = thread.submit(() -> rewriteOnThread(sources, labels));
        try {
            return Rewritten.fromJson(result.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rewriting cells", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("rewriting the cells failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Frees the Python; on the thread. */
    abstract void closeOnThread();

    @Override
    public List<Analysis> analyze(List<Source> sources) {
        Future<List<Analysis>> result = thread.submit(() -> cachedOrAnalyzed(sources));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analysing cells", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cell analysis failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Runs a task on the analysis thread, e.g. to start the Python early. */
    void onThread(Runnable task) {
        thread.submit(task);
    }

    private List<Analysis> cachedOrAnalyzed(List<Source> sources) throws Exception {
        List<Analysis> results = new ArrayList<>(sources.size());
        List<String> misses = new ArrayList<>();
        for (Source s : sources) {
            if (s.kind() == CellKind.PYTHON && !cache.containsKey(s.code())) {
                misses.add(s.code());
            }
        }
        if (!misses.isEmpty()) {
            JsonNode array = analyzeOnThread(misses);
            for (int i = 0; i < misses.size(); i++) {
                cache.put(misses.get(i), fromJson(array.get(i)));
            }
        }
        for (Source s : sources) {
            results.add(switch (s.kind()) {
                case PYTHON -> cache.get(s.code());
                case SQL -> SqlNames.analyze(s.code(), s.out());
                case MARKDOWN, RAW -> Analysis.EMPTY;
            });
        }
        return results;
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

    @Override
    public void close() {
        thread.submit(this::closeOnThread);
        thread.shutdown();
    }
}
