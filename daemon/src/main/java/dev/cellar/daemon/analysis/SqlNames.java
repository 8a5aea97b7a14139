package dev.cellar.daemon.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names an SQL cell defines and reads: {@code {name}} placeholders are refs, the cell's
 * {@code out=} variable is a def. (Table-level chaining between SQL cells comes with the
 * SQL issue.)
 */
final class SqlNames {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    private SqlNames() {
    }

    static Analysis analyze(String sql, String out) {
        List<String> refs = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(sql);
        while (m.find()) {
            refs.add(m.group(1));
        }
        List<String> defs = out == null ? List.of() : List.of(out);
        refs.removeAll(defs);
        return Analysis.of(defs, refs);
    }
}
