package dev.cellar.daemon.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The trust rule. A folder becomes <em>confined-reachable</em> once a confined notebook in it
 * has been opened ({@link #confinedFolder}): its cells can write anything there and below, so
 * there an interpreter runs only when a person confirmed its path and content
 * ({@link #checkInterpreter}), and a notebook's header widens rights only as far as a person
 * confirmed them ({@link #check}). Everywhere else everything is used as written, as before.
 * Outside such folders a header is taken as it is (it is the person's; a confined notebook's is
 * recorded, as the baseline for when its folder has become reachable); a notebook that appears
 * inside one, never confirmed, starts from {@link Rights#NARROWEST}.
 */
public final class Trust {
    private final TrustStore store;

    public Trust(TrustStore store) {
        this.store = store;
    }

    public static Trust of(Map<String, String> environment) {
        return new Trust(TrustStore.of(environment));
    }

    public TrustStore store() {
        return store;
    }

    /**
     * The rule alone, with nothing read or recorded: {@code wanted} applies where it is no
     * wider than {@code confirmed}; wider keys keep their confirmed values and are held.
     */
    public static Verdict verdict(Path notebook, Rights wanted, Rights confirmed) {
        List<String> wider = wanted.widens(confirmed);
        if (wider.isEmpty()) {
            return new Verdict.Applied(wanted);
        }
        String what = wider.stream().map(k -> wanted.describe(k) + " (running with " + confirmed.describe(k) + ")")
                .collect(Collectors.joining(", "));
        return new Verdict.Held(wanted.withFrom(confirmed, java.util.Set.copyOf(wider)), wanted, wider,
                "header settings held until a person confirms them, since a confined cell could have written them: "
                        + what + ". See what changed and confirm: cellar confirm " + notebook);
    }

    /**
     * The header's verdict when the notebook opens (or its header changes): what a person
     * confirmed for it, else (in a confined-reachable folder) the narrowest rights. What applies
     * is recorded at once (a first sight outside such folders, a narrowing); what widens is not.
     * {@code created}: the daemon has just created the file itself (its header is nobody's plant).
     */
    public Verdict check(Path notebook, Rights wanted, boolean created) {
        Path nb = notebook.toAbsolutePath().normalize();
        Decision seen = decide(store.read(), nb, wanted, created);
        if (seen.toRecord() == null) {
            return seen.verdict(); // nothing to record: the store is only read (a read-only home still works)
        }
        Decision[] out = new Decision[1];
        store.update(records -> {
            out[0] = decide(records, nb, wanted, created);
            if (out[0].toRecord() != null) {
                putHeader(records, nb, out[0].toRecord());
            }
        });
        return out[0].verdict();
    }

    /** The verdict, and what to record for the notebook (null: nothing). */
    private record Decision(Verdict verdict, Rights toRecord) {
    }

    private static Decision decide(ObjectNode records, Path nb, Rights wanted, boolean created) {
        Rights recorded = header(records, nb);
        boolean reachable = reachable(records, nb.getParent());
        if (!reachable || recorded == null && created) {
            // outside confined folders the header is the person's; a confined one's is the baseline for later
            boolean keep = recorded != null || reachable || "on".equals(wanted.get("sandbox"));
            return new Decision(new Verdict.Applied(wanted), keep && !wanted.equals(recorded) ? wanted : null);
        }
        Verdict verdict = verdict(nb, wanted, recorded != null ? recorded : Rights.NARROWEST);
        // what applies at once (a narrowing) is recorded; what is held is not
        return new Decision(verdict, verdict.effective().equals(recorded) ? null : verdict.effective());
    }

    /** What a person confirmed for this notebook; {@link Rights#NARROWEST} in a reachable folder; null: not checked. */
    public Rights confirmed(Path notebook) {
        Path nb = notebook.toAbsolutePath().normalize();
        ObjectNode records = store.read();
        Rights recorded = header(records, nb);
        return recorded != null ? recorded : reachable(records, nb.getParent()) ? Rights.NARROWEST : null;
    }

    /** A person confirmed these header settings for this notebook. */
    public void confirmHeader(Path notebook, Rights rights) {
        store.update(records -> putHeader(records, notebook.toAbsolutePath().normalize(), rights));
    }

    /** A confined notebook opened in {@code folder}: from now on its cells may have written anything there. */
    public void confinedFolder(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        if (reachable(f)) {
            return;
        }
        store.update(records -> {
            if (!reachable(records, f)) {
                ArrayNode folders = records.has("confinedFolders") ? (ArrayNode) records.get("confinedFolders")
                        : records.putArray("confinedFolders");
                folders.add(f.toString());
            }
        });
    }

    /** Whether a confined cell could have written {@code path} (it lies in or below a confined notebook's folder). */
    public boolean reachable(Path path) {
        return reachable(store.read(), path.toAbsolutePath().normalize());
    }

    /**
     * Whether {@code executable} may run: checked where it, or the file it resolves to, lies in
     * a confined-reachable folder; there by its path and the SHA-256 of that file.
     */
    public InterpreterCheck checkInterpreter(Path executable) {
        Path path = executable.toAbsolutePath().normalize();
        ObjectNode records = store.read();
        Path real = realPath(path);
        if (!reachable(records, path) && !reachable(records, real)) {
            return new InterpreterCheck.Free();
        }
        String sha = sha256(real);
        String recorded = records.path("interpreters").path(path.toString()).path("sha256").asText(null);
        return sha.equals(recorded) ? new InterpreterCheck.Confirmed(path, sha)
                : new InterpreterCheck.Unconfirmed(path, sha, recorded);
    }

    /**
     * Whether a person confirmed {@code executable} with the content it has now, wherever it lies
     * (a pick of a Python in a notebook's folder is recorded even where no confined notebook ran).
     */
    public boolean confirmedAsItIs(Path executable) {
        Path path = executable.toAbsolutePath().normalize();
        String recorded = store.read().path("interpreters").path(path.toString()).path("sha256").asText(null);
        try {
            return recorded != null && recorded.equals(sha256(realPath(path)));
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** A person confirmed this interpreter with this content. */
    public void confirmInterpreter(Path executable, String sha256) {
        Path path = executable.toAbsolutePath().normalize();
        store.update(records -> {
            ObjectNode interpreters = records.has("interpreters") ? (ObjectNode) records.get("interpreters")
                    : records.putObject("interpreters");
            interpreters.putObject(path.toString()).put("sha256", sha256).put("confirmedAt", System.currentTimeMillis());
        });
    }

    /** The SHA-256 of the file {@code path} resolves to, in hex. */
    public static String sha256(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static boolean reachable(ObjectNode records, Path path) {
        if (path == null) {
            return false;
        }
        for (JsonNode folder : records.path("confinedFolders")) {
            if (path.startsWith(Path.of(folder.asText()))) {
                return true;
            }
        }
        return false;
    }

    private static Rights header(ObjectNode records, Path notebook) {
        JsonNode node = records.path("notebooks").get(notebook.toString());
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (String key : Rights.KEYS) {
            JsonNode v = node.get(key);
            values.put(key, v == null || v.isNull() ? null : v.asText());
        }
        return Rights.of(values);
    }

    private static void putHeader(ObjectNode records, Path notebook, Rights rights) {
        ObjectNode notebooks = records.has("notebooks") ? (ObjectNode) records.get("notebooks") : records.putObject("notebooks");
        ObjectNode entry = notebooks.putObject(notebook.toString());
        rights.values().forEach(entry::put);
    }
}
