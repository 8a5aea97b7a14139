package dev.cellar.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Processes a test's cell started, known by pid and start time (a pid may be reused), for
 * "they all ended" with a deadline and for killing what a failed test left behind.
 */
public final class ProcessTree {
    private ProcessTree() {
    }

    /**
     * A cell that prints (as JSON) the pids of the 20 processes it starts, which sleep ten
     * minutes unless killed: 18 forks, one that leaves its parent's session and is forked
     * twice (its parent exits at once), and one program in a new session ({@code canExec}, for
     * a worker that may start programs) or one more fork.
     */
    public static String spawnCell(boolean canExec) {
        return """
                import os, sys, time, json
                def spawn():
                    r, w = os.pipe()
                    pids = []
                    for i in range(18):
                        pid = os.fork()
                        if pid == 0:
                            try:
                                time.sleep(600)
                            finally:
                                os._exit(0)
                        pids.append(pid)
                    pid = os.fork()
                    if pid == 0:  # leaves: a session of its own, then a child whose parent exits at once
                        try:
                            os.setsid()
                            if os.fork() == 0:
                                os.write(w, str(os.getpid()).encode() + b'\\n')
                                time.sleep(600)
                        finally:
                            os._exit(0)
                    os.waitpid(pid, 0)
                    os.close(w)
                    pids.append(int(os.read(r, 64).split()[0]))
                    if CAN_EXEC:
                        import subprocess
                        pids.append(subprocess.Popen(['sleep', '600'], start_new_session=True).pid)
                    else:
                        pid = os.fork()
                        if pid == 0:
                            try:
                                time.sleep(600)
                            finally:
                                os._exit(0)
                        pids.append(pid)
                    return pids
                CAN_EXEC = %s
                PIDS = spawn()
                print(json.dumps(PIDS))
                """.formatted(canExec ? "True" : "False");
    }

    /** A process as it was when the cell reported it; ended once gone, a zombie, or another process. */
    public record Started(long pid, String startTicks) {
        public boolean alive() {
            String stat = stat(pid);
            if (stat == null) {
                return false;
            }
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !fields[0].equals("Z") && fields[19].equals(startTicks);
        }
    }

    /** The processes whose pids a cell printed as a JSON array. */
    public static List<Started> started(String json) throws IOException {
        List<Started> out = new ArrayList<>();
        for (JsonNode n : Json.MAPPER.readTree(json.strip())) {
            long pid = n.asLong();
            String stat = stat(pid);
            assertThat(stat).as("process %d, just started by the cell", pid).isNotNull();
            out.add(new Started(pid, stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]));
        }
        return out;
    }

    /** Waits (30 s at most) until none of them runs; fails naming those that still do. */
    public static void awaitAllEnded(List<Started> processes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Started> left = processes;
        while (System.nanoTime() < deadline) {
            left = left.stream().filter(Started::alive).toList();
            if (left.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(left).as("processes the cell started that outlived its kernel").isEmpty();
    }

    /** SIGKILL to whichever of them still runs: a failed test leaves nothing behind. */
    public static void killLeftovers(List<Started> processes) {
        for (Started p : processes) {
            if (p.alive()) {
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return null;
        }
    }
}
