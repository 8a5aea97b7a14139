package dev.cellar.daemon.analysis;

import dev.cellar.protocol.model.CellKind;
import java.util.List;

/** Finds each cell's defs and refs. Analysers are shared by all notebooks and safe to call from any thread. */
public interface CellAnalyzer extends AutoCloseable {

    /** Results in the order of {@code sources}; a batch is much cheaper than one call per cell. */
    List<Analysis> analyze(List<Source> sources);

    default Analysis analyze(Source source) {
        return analyze(List.of(source)).getFirst();
    }

    /**
     * rewrite.py on the Python cells {@code sources} of a notebook, in order ({@code labels}: the
     * numbers people know them by): each name defined in one cell (cellar import, cellar fix).
     */
    default Rewritten rewrite(List<String> sources, List<Integer> labels) {
        throw new UnsupportedOperationException("this analyser does not rewrite notebooks");
    }

    @Override
    void close();

    /** What analysis needs of a cell. */
    record Source(CellKind kind, String code, String out) {
    }
}
