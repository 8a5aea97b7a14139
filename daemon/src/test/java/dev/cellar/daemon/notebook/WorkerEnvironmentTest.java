package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, "the daemon's environment reaches confined cells": a confined worker gets an allow
 * list of the daemon's variables (plus what {@code env=} names), an unconfined one the daemon's
 * less Cellar's own secrets, as before.
 */
class WorkerEnvironmentTest {
    private static final List<String> SECRETS = List.of("GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "PGPASSWORD", "HF_TOKEN",
            "GEMINI_API_KEY");
    private static final String SHOW = """
            import os
            names = %s
            ' '.join('%%s=%%s' %% (n, os.environ.get(n, '-')) for n in names)""";
    private static final List<String> ASKED = List.of("GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "PGPASSWORD", "HF_TOKEN",
            "GEMINI_API_KEY", "OPENAI_API_KEY", "CELLAR_TOKEN", "TZ", "LC_TIME", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
            "CUDA_VISIBLE_DEVICES", "VIRTUAL_ENV", "MY_SETTING", "PASSED_ONE", "PASSED_TWO");

    @TempDir
    Path root;

    private TestNotebook open(String header) throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("HOME", FakeHome.in(root).toString());
        SECRETS.forEach(name -> env.put(name, "secret-" + name));
        env.putAll(Map.of("OPENAI_API_KEY", "sk-daemon", "CELLAR_TOKEN", "daemon", "TZ", "Europe/Paris",
                "LC_TIME", "C.UTF-8", "OMP_NUM_THREADS", "3", "MKL_NUM_THREADS", "2", "CUDA_VISIBLE_DEVICES", "1",
                "VIRTUAL_ENV", "/opt/venv", "MY_SETTING", "not-listed", "PASSED_ONE", "one"));
        env.put("PASSED_TWO", "two");
        Path folder = Files.createDirectories(root.resolve("nb"));
        Path file = folder.resolve("env.py");
        Files.writeString(file, "# cellar: " + header + "\n");
        return new TestNotebook(NotebookSession.open("env", file, false, TestDaemonParts.services(new NotebookStore(), env)));
    }

    private static String show(TestNotebook nb) {
        String id = nb.add(SHOW.formatted(ASKED.stream().map(n -> "'" + n + "'").toList()));
        nb.awaitQuiet();
        CellInfo cell = nb.cell(id);
        assertThat(cell.status()).as("%s", cell.error()).isEqualTo(CellStatus.OK);
        return text(cell).replaceAll("^'|'$", "");
    }

    @Test
    void aConfinedCellSeesTheAllowListAndWhatEnvNamesButNoneOfTheDaemonsTokens() throws Exception {
        try (TestNotebook nb = open("sandbox=on env=PASSED_ONE,PASSED_TWO,OPENAI_API_KEY")) {
            assumeTrue(!"unavailable".equals(nb.snapshot().kernel().sandbox()),
                    "this machine cannot confine a worker: " + nb.snapshot().kernel().problem());
            assertThat(nb.snapshot().kernel().env()).containsExactly("PASSED_ONE", "PASSED_TWO", "OPENAI_API_KEY");
            assertThat(show(nb)).isEqualTo("GITHUB_TOKEN=- AWS_SECRET_ACCESS_KEY=- PGPASSWORD=- HF_TOKEN=- GEMINI_API_KEY=-"
                    + " OPENAI_API_KEY=- CELLAR_TOKEN=- TZ=Europe/Paris LC_TIME=C.UTF-8 OMP_NUM_THREADS=3 MKL_NUM_THREADS=2"
                    + " CUDA_VISIBLE_DEVICES=1 VIRTUAL_ENV=/opt/venv MY_SETTING=- PASSED_ONE=one PASSED_TWO=two");
        }
    }

    @Test
    void anUnconfinedCellHasThePersonsEnvironmentLessCellarsOwnSecretsAsBefore() throws Exception {
        try (TestNotebook nb = open("env=PASSED_ONE")) {
            assertThat(show(nb)).isEqualTo("GITHUB_TOKEN=secret-GITHUB_TOKEN AWS_SECRET_ACCESS_KEY=secret-AWS_SECRET_ACCESS_KEY"
                    + " PGPASSWORD=secret-PGPASSWORD HF_TOKEN=secret-HF_TOKEN GEMINI_API_KEY=secret-GEMINI_API_KEY"
                    + " OPENAI_API_KEY=- CELLAR_TOKEN=- TZ=Europe/Paris LC_TIME=C.UTF-8 OMP_NUM_THREADS=3 MKL_NUM_THREADS=2"
                    + " CUDA_VISIBLE_DEVICES=1 VIRTUAL_ENV=/opt/venv MY_SETTING=not-listed PASSED_ONE=one PASSED_TWO=two");
        }
    }
}
