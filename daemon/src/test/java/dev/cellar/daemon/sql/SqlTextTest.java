package dev.cellar.daemon.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SqlTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT * FROM sales                                              | ''            | sales
            SELECT * FROM 'sales.csv'                                        | ''            | ''
            SELECT * FROM read_csv('x.csv')                                  | ''            | ''
            CREATE TABLE t AS SELECT * FROM s                                | t             | s
            CREATE OR REPLACE TABLE t AS SELECT 1                            | t             | ''
            create or replace temp view v as select * from t                 | v             | t
            CREATE TABLE IF NOT EXISTS t (a INT); INSERT INTO t VALUES (1)   | t             | ''
            SELECT * FROM a JOIN b ON a.id = b.id LEFT JOIN c USING (id)     | ''            | a b c
            SELECT * FROM a x, b AS y, main.c                                | ''            | a b main.c
            SELECT * FROM (SELECT * FROM inner_t) sub                        | ''            | inner_t
            WITH recent AS (SELECT * FROM orders) SELECT * FROM recent       | ''            | orders
            WITH a AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b, z  | ''            | z
            SELECT * FROM "Mixed Case" JOIN Upper ON true                    | ''            | Mixed~Case upper
            SELECT 'FROM fake' AS s, x FROM real_t -- FROM commented         | ''            | real_t
            /* FROM hidden */ SELECT $$ FROM dollar $$ FROM d               | ''            | d
            UPDATE accounts SET x = 1 WHERE id = {id}                        | ''            | accounts
            DELETE FROM old_rows WHERE ts < {cutoff}                         | ''            | old_rows
            SELECT * FROM t WHERE a > {low} AND b = '{not_a_param}'          | ''            | t
            """)
    void tablesCreatedAndRead(String sql, String created, String read) {
        SqlText.Names names = SqlText.names(sql);
        assertThat(names.createdTables()).containsExactlyInAnyOrderElementsOf(words(created));
        assertThat(names.readTables()).containsExactlyInAnyOrderElementsOf(words(read));
    }

    @Test
    void placeholdersBecomeParametersOutsideStringsAndComments() {
        List<SqlText.Statement> s = SqlText.statements(
                "SELECT * FROM t WHERE a = {x} AND b = '{x}' -- {y}\n  AND c = {z}; SELECT {x}");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = '{x}' -- {y}\n  AND c = ?");
        assertThat(s.get(0).params()).containsExactly("x", "z");
        assertThat(s.get(1).sql()).isEqualTo("SELECT ?");
        assertThat(s.get(1).params()).containsExactly("x");
        assertThat(SqlText.names("SELECT {a}, '{b}', {c} /* {d} */").placeholders()).containsExactly("a", "c");
    }

    @Test
    void statementsSplitOnSemicolonsOutsideStringsAndKnowTheirFirstLine() {
        List<SqlText.Statement> s = SqlText.statements("CREATE TABLE t (a TEXT);\n\nINSERT INTO t VALUES ('a;b');\n;\n"
                + "SELECT * FROM t");
        assertThat(s).extracting(SqlText.Statement::sql)
                .containsExactly("CREATE TABLE t (a TEXT)", "INSERT INTO t VALUES ('a;b')", "SELECT * FROM t");
        assertThat(s).extracting(SqlText.Statement::firstLine).containsExactly(1, 3, 5);
        assertThat(SqlText.statements("  -- only a comment\n")).isEmpty();
    }

    /** Space-separated names; {@code ~} stands for a space inside a quoted name. */
    @Test
    void relativeFileNamesAreResolvedInTheNotebooksFolder() {
        Path folder = Path.of("/nb");
        assertThat(SqlText.resolveFiles("SELECT * FROM 'sales.csv' s JOIN read_parquet('data/*.parquet') p ON true\n"
                + "WHERE x = 'sales.csv'; COPY t TO 'out.csv'; SELECT * FROM '/abs.csv', 'https://h/x.csv'", folder))
                .isEqualTo("SELECT * FROM '/nb/sales.csv' s JOIN read_parquet('/nb/data/*.parquet') p ON true\n"
                        + "WHERE x = 'sales.csv'; COPY t TO '/nb/out.csv'; SELECT * FROM '/abs.csv', 'https://h/x.csv'");
    }

    private static List<String> words(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return List.of(s.strip().split("\\s+")).stream().map(w -> w.replace('~', ' ')).toList();
    }
}
