package dev.cellar.daemon.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A header change that came from the file: which settings take effect now and which wait
 * for a person. The file cannot tell a person's editor from a coding agent or from cell
 * code, so a change that narrows what the notebook may do applies at once, and one that
 * widens it ({@code sandbox=off}, a more permissive {@code approval=}, another
 * {@code python=}, {@code sql=} or {@code duckdb=}) is held: the notebook keeps the setting
 * it had and says what waits, as {@code direnv allow} does.
 */
record HeaderChange(Settings effective, List<String> held) {
    private static final List<String> APPROVAL_ORDER = List.of("ask-all", "ask-destructive", "auto");

    static HeaderChange between(Settings now, Settings wanted) {
        List<String> held = new ArrayList<>();
        boolean sandbox = wanted.sandbox();
        if (now.sandbox() && !wanted.sandbox()) {
            held.add("sandbox=off");
            sandbox = true;
        }
        String approval = wanted.approval();
        if (permissiveness(wanted.approval()) > permissiveness(now.approval())) {
            held.add("approval=" + wanted.approval());
            approval = now.approval();
        }
        String python = wanted.python();
        if (!Objects.equals(now.python(), wanted.python())) {
            held.add("python=" + wanted.python());
            python = now.python();
        }
        String sql = wanted.sqlUrl();
        if (!Objects.equals(now.sqlUrl(), wanted.sqlUrl())) {
            held.add("sql=" + (wanted.sqlUrl() == null ? "(the default)" : wanted.sqlUrl()));
            sql = now.sqlUrl();
        }
        boolean duckdbFile = wanted.duckdbFile();
        if (now.duckdbFile() != wanted.duckdbFile()) {
            held.add("duckdb=" + (wanted.duckdbFile() ? "file" : "memory"));
            duckdbFile = now.duckdbFile();
        }
        List<String> env = wanted.env();
        if (!new java.util.HashSet<>(now.env()).containsAll(wanted.env())) {
            held.add("env=" + String.join(",", wanted.env()));
            env = now.env();
        }
        Settings effective = new Settings(wanted.autorun(), wanted.cellTimeout(), sql, duckdbFile, wanted.previewRows(),
                wanted.maxRows(), approval, python, wanted.memoryLimit(), wanted.outputLimit(), sandbox, env);
        return new HeaderChange(effective, held);
    }

    /** Unset (the daemon's policy) counts as ask-destructive, the daemon's default; unreadable as the strictest. */
    private static int permissiveness(String approval) {
        int i = APPROVAL_ORDER.indexOf(approval == null ? "ask-destructive" : approval);
        return i < 0 ? 0 : i;
    }

}
