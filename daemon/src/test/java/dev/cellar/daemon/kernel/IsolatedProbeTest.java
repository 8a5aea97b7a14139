package dev.cellar.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.TestPython;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, route 1: the version and sandbox probes run the interpreter isolated (no working
 * directory or PYTHON* entries on its path, no site-packages), in {@code /}, with the
 * allow-listed environment; and that list is the one place deciding what a confined worker gets.
 */
class IsolatedProbeTest {
    @Test
    void aProbeRunsIsolatedInTheRootFolderWithTheAllowListedEnvironment() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        Map<String, String> daemon = new HashMap<>(TestPython.CPYTHON.environment());
        daemon.put("GITHUB_TOKEN", "secret");
        daemon.put("PYTHONPATH", "/somewhere");
        daemon.put("LANG", "C.UTF-8");
        PythonQuestion q = PythonQuestion.ask(TestPython.cpython(), """
                import os, sys
                print(os.getcwd(), sys.flags.isolated, sys.flags.no_site, '' in sys.path, '/somewhere' in sys.path,
                      os.environ.get('GITHUB_TOKEN'), os.environ.get('LANG'), any('site-packages' in p for p in sys.path))""",
                daemon);
        assertThat(q.answered()).isTrue();
        assertThat(q.output()).isEqualTo("/ 1 1 False False None C.UTF-8 False");
    }

    @Test
    void theAllowListPassesWhatPythonNeedsAndNothingThatAuthenticates() {
        Map<String, String> daemon = new HashMap<>();
        for (String name : List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TERM", "TMPDIR", "MPLCONFIGDIR", "LD_LIBRARY_PATH",
                "VIRTUAL_ENV", "CONDA_PREFIX", "SSL_CERT_FILE", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                "OPENBLAS_NUM_THREADS", "CUDA_VISIBLE_DEVICES", "PYTHONPATH", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY",
                "PGPASSWORD", "HF_TOKEN", "GEMINI_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CELLAR_PYTHON",
                "SSH_AUTH_SOCK", "MINE")) {
            daemon.put(name, "x");
        }
        assertThat(WorkerEnvironment.confined(daemon, List.of("MINE", "OPENAI_API_KEY")).keySet()).containsExactlyInAnyOrder(
                "PATH", "HOME", "LANG", "LC_ALL", "TZ", "TERM", "TMPDIR", "MPLCONFIGDIR", "LD_LIBRARY_PATH", "VIRTUAL_ENV",
                "CONDA_PREFIX", "SSL_CERT_FILE", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "CUDA_VISIBLE_DEVICES", "PYTHONPATH", "MINE");
        assertThat(WorkerEnvironment.unconfined(daemon)).doesNotContainKeys("OPENAI_API_KEY", "ANTHROPIC_API_KEY",
                "CELLAR_PYTHON").containsKeys("GITHUB_TOKEN", "SSH_AUTH_SOCK", "MINE");
    }

    @Test
    void aPythonTooOldToStartIsolatedIsToldAsTooOld(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path python2 = dir.resolve("python");
        Files.writeString(python2, "#!/bin/sh\necho 'Unknown option: -I'\necho 'usage: python [option] ...'\nexit 2\n");
        python2.toFile().setExecutable(true);
        assertThat(new Interpreters(Map.of()).probe(python2).problem())
                .isEqualTo(python2 + " is older than Python 3.4; Cellar needs 3.9 or newer");
    }
}
