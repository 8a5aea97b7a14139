package dev.cellar.daemon.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a DuckDB URL from a notebook's header puts its database: in memory, or a file in
 * the notebook's folder. A relative name starts at the folder (DuckDB alone would start at
 * the daemon's working directory); a name that leads elsewhere, through {@code ..} or
 * links, is refused before DuckDB creates anything.
 */
final class DuckDbFile {
    static final String PREFIX = "jdbc:duckdb:";

    private DuckDbFile() {
    }

    /** The URL to open (the file as an absolute real path), or why none may be opened. */
    record Placed(String url, String refusal) {
    }

    static Placed place(String url, Path folder) {
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String file = q < 0 ? rest : rest.substring(0, q);
        String options = q < 0 ? "" : rest.substring(q);
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return new Placed(url, null);
        }
        if (file.contains(":")) { // md:, s3://…: not a file at all
            return refused(url, "is not a file in the notebook's folder");
        }
        try {
            Path realFolder = folder.toRealPath();
            Path asked = folder.resolve(file).normalize();
            Path parent = asked.getParent().toRealPath();
            Path real = parent.resolve(asked.getFileName());
            if (Files.isSymbolicLink(real)) {
                real = real.toRealPath();
            } else if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                real = real.toRealPath(LinkOption.NOFOLLOW_LINKS);
            }
            if (!real.startsWith(realFolder) || real.equals(realFolder)) {
                return refused(url, "lies outside the notebook's folder");
            }
            return new Placed(PREFIX + real + options, null);
        } catch (IOException e) {
            return refused(url, "names a folder that does not exist (" + e.getMessage() + ")");
        }
    }

    private static Placed refused(String url, String why) {
        return new Placed(url, "the notebook's database " + url + " " + why + ": SQL cells keep their files in the notebook's"
                + " folder (use sql=jdbc:duckdb:<name>.duckdb, a file beside the notebook, or duckdb=file)");
    }
}
