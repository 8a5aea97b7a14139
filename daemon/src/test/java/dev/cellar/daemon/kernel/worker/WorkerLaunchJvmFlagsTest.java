package dev.cellar.daemon.kernel.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.execution.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's class-data archive reaches GraalPy workers through CELLAR_GRAALPY_JVM_FLAGS, and never stops one. */
class WorkerLaunchJvmFlagsTest {
    private static final String ARCHIVE_FLAGS = "-XX:SharedArchiveFile=/x/graalpy.jsa  -Xlog:cds=off -Xlog:cds+dynamic=off";

    @TempDir
    Path dir;

    @Test
    void theFlagsFromTheEnvironmentComeBeforeTheGraalPyWorkersClassPath() {
        List<String> flags = WorkerLaunch.graalPyJvmFlags(Map.of(WorkerLaunch.GRAALPY_JVM_FLAGS, ARCHIVE_FLAGS));
        List<String> command = WorkerLaunch.graalPy(dir, 50, 0, secrets(), flags).command();

        assertThat(flags).containsExactly("-XX:SharedArchiveFile=/x/graalpy.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        assertThat(command).containsSubsequence("-XX:SharedArchiveFile=/x/graalpy.jsa", "-cp",
                GraalPyWorkerMain.class.getName());
    }

    @Test
    void withoutTheVariableTheWorkerGetsNoExtraFlags() {
        List<String> plain = WorkerLaunch.graalPy(dir, 50, 0, secrets(), List.of()).command();

        assertThat(WorkerLaunch.graalPyJvmFlags(Map.of())).isEmpty();
        assertThat(WorkerLaunch.graalPyJvmFlags(Map.of(WorkerLaunch.GRAALPY_JVM_FLAGS, "  "))).isEmpty();
        assertThat(plain).noneMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit"));
    }

    @Test
    void onlyAWorkerThatWritesAnArchiveAtExitIsGivenTimeToWriteIt() {
        var training = WorkerLaunch.graalPy(dir, 50, 0, secrets(), List.of("-XX:ArchiveClassesAtExit=/x/graalpy.jsa"));
        var reading = WorkerLaunch.graalPy(dir, 50, 0, secrets(), List.of("-XX:SharedArchiveFile=/x/graalpy.jsa"));

        assertThat(training.exitGrace()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(reading.exitGrace()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnusableArchiveDoesNotStopAGraalPyWorkerFromStarting() throws Exception {
        Path garbage = Files.write(dir.resolve("graalpy.jsa"), "not a class-data archive".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> flags = WorkerLaunch.graalPyJvmFlags(Map.of(WorkerLaunch.GRAALPY_JVM_FLAGS,
                "-XX:SharedArchiveFile=" + garbage + " -Xlog:cds=off -Xlog:cds+dynamic=off"));

        try (WorkerProcess worker = WorkerProcess.start(WorkerLaunch.graalPy(dir, 50, 0, secrets(), flags))) {
            assertThat(ProcessHandle.of(worker.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        }
    }

    private Secrets secrets() {
        return new Secrets(dir, List.of());
    }
}
