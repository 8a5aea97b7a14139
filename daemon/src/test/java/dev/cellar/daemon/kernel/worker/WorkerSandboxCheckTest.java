package dev.cellar.daemon.kernel.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Interpreters;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's side of "never unconfined": a worker must say it confined itself, or it is not used. */
class WorkerSandboxCheckTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerThatDoesNotReportTheSandboxItWasAskedForIsKilledBeforeItRunsAnything() throws Exception {
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", dir);
        WorkerLaunch plain = WorkerLaunch.python(python, Map.of(), dir, Map.of());
        // asked for a sandbox, given a worker that was never told to make one: its hello says none
        WorkerLaunch claimed = new WorkerLaunch(plain.name(), plain.command(), plain.directory(), plain.boot(), true,
                "landlock+seccomp");
        assertThatThrownBy(() -> WorkerProcess.start(claimed))
                .isInstanceOf(WorkerProcess.Died.class)
                .hasMessageContaining("could not confine itself")
                .hasMessageContaining("sandbox=off");
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").equals(
                python.executable().toString())).filter(ProcessHandle::isAlive).count()).isZero();
    }

    @Test
    void aSandboxedWorkerReportsItsConfinementInItsHello() throws Exception {
        Interpreter python = new Interpreters(TestPython.CPYTHON.environment()).resolve("auto", dir);
        WorkerLaunch launch = WorkerLaunch.python(python, Map.of(), dir, Map.of(),
                new WorkerLaunch.Sandbox("landlock+seccomp", java.util.List.of(dir), java.util.List.of()));
        PrivateTemp temp = new PrivateTemp();
        try (WorkerProcess worker = WorkerProcess.start(launch, temp.environment())) {
            assertThat(worker.pid()).isPositive();
        } finally {
            temp.delete();
        }
    }
}
