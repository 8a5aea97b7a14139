package dev.cellar.daemon.sql;

import dev.cellar.daemon.execution.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the embedded DuckDB may read and write: the notebook's folder, less the user's
 * secrets when the folder holds them (a notebook saved in {@code $HOME}). DuckDB only
 * knows allow lists, so such a folder is allowed entry by entry around each secret; DuckDB
 * checks real paths, so a link to a secret is refused like the secret itself. (In such a
 * folder, files created after the connection opened are out of SQL's reach until it reopens.)
 */
record DuckDbAccess(List<Path> directories, List<Path> files) {

    static DuckDbAccess of(Path folder, Secrets secrets) {
        Path root = real(folder);
        List<Path> inside = secrets.paths().stream().map(DuckDbAccess::real).filter(s -> s.startsWith(root)).toList();
        if (inside.isEmpty()) {
            return new DuckDbAccess(List.of(root), List.of());
        }
        DuckDbAccess access = new DuckDbAccess(new ArrayList<>(), new ArrayList<>());
        access.allowAround(root, inside);
        return access;
    }

    /** Allows every entry of {@code dir} but the secrets, descending into the folders that hold one. */
    private void allowAround(Path dir, List<Path> secrets) {
        if (secrets.stream().anyMatch(dir::startsWith)) {
            return;
        }
        if (secrets.stream().noneMatch(s -> s.startsWith(dir))) {
            (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? directories : files).add(dir);
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(e -> allowAround(e, secrets));
        } catch (IOException e) {
            // unreadable: nothing in it is allowed
        }
    }

    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }

    /** The SET statements that apply it (before external access is switched off). */
    List<String> statements() {
        List<String> sets = new ArrayList<>();
        sets.add("SET allowed_directories = " + list(directories));
        if (!files.isEmpty()) {
            sets.add("SET allowed_paths = " + list(files));
        }
        return sets;
    }

    private static String list(List<Path> paths) {
        return paths.stream().map(p -> "'" + p.toString().replace("'", "''") + "'")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
