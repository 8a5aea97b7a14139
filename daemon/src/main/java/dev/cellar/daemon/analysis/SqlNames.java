package dev.cellar.daemon.analysis;

import dev.cellar.daemon.sql.SqlReads;
import dev.cellar.daemon.sql.SqlText;
import dev.cellar.daemon.sql.TableNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Names an SQL cell defines and reads. {@code {name}} placeholders read Python variables;
 * the {@code out=} variable is defined. Tables and views live in their own namespace,
 * {@code table:name} ({@link TableNames}), so an SQL table and a Python variable of the same name never clash:
 * {@code CREATE [OR REPLACE] TABLE/VIEW t} defines {@code table:t}, {@code FROM t} and
 * {@code JOIN t} read it, and SQL cells chain. A table name the cell reads ({@link SqlReads},
 * DuckDB's parser) is also read as a Python variable: on DuckDB a DataFrame of that name
 * stands in for a missing table, so the cell that makes the DataFrame is upstream.
 */
public final class SqlNames {
    private SqlNames() {
    }

    static Analysis analyze(String sql, String out) {
        SqlText.Names names = SqlText.names(sql);
        List<String> defs = new ArrayList<>();
        if (out != null) {
            defs.add(out);
        }
        names.createdTables().forEach(t -> defs.add(TableNames.of(t)));
        List<String> refs = new ArrayList<>(names.placeholders());
        names.readTables().forEach(t -> refs.add(TableNames.of(t)));
        SqlReads.of(sql).tables().stream().filter(SqlReads::isIdentifier).forEach(refs::add);
        refs.removeAll(defs);
        refs.removeIf(r -> r.startsWith("_"));
        return Analysis.of(defs, refs);
    }
}
