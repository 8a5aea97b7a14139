package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.kernel.WorkerEnvironment;
import dev.cellar.protocol.rpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One Python process running worker.py: started with a tiny bootstrap that reads the
 * worker's code from the channel (nothing is installed into the user's Python), then
 * asked one thing at a time. On CPython the process started is the worker's keeper
 * (keeper.py), which forks the worker, passes SIGINT on to it and outlives it only to end
 * every process its cells started. Talking to it happens on one thread (the notebook's kernel
 * thread, or the analyser's); {@link #signal} and {@link #kill} may come from any thread.
 */
final class WorkerProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cellar.worker");
    private static final int STDERR_LINES_KEPT = 20;
    private static final long KILL_TREE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final java.security.SecureRandom IDS = new java.security.SecureRandom();

    private final Process process;
    private final WorkerChannel channel;
    private final Duration exitGrace;
    private final Deque<String> lastStderr = new ArrayDeque<>();
    private volatile boolean killed;
    /** The worker's own cgroup, where the machine gave one (keeper.py); null otherwise. */
    private volatile Path cgroup;

    /** The worker died or its channel broke; the message says how, for the user. */
    static final class Died extends IOException {
        private static final long serialVersionUID = 1L;

        Died(String message) {
            super(message, null);
        }
    }

    private WorkerProcess(Process process, Duration exitGrace) {
        this.process = process;
        this.exitGrace = exitGrace;
        this.channel = new WorkerChannel(process.getInputStream(), process.getOutputStream());
        Thread.ofPlatform().daemon().name("worker-stderr-" + process.pid()).start(this::pumpStderr);
    }

    /** Starts a worker with the daemon's environment less its secrets, and waits for its hello. */
    static WorkerProcess start(WorkerLaunch launch) throws IOException {
        return start(launch, WorkerEnvironment.unconfined(System.getenv()));
    }

    /**
     * Starts a worker in its launch's folder with exactly this environment (see
     * {@link WorkerEnvironment}) and waits for its hello. A worker asked to confine itself that
     * does not say it did is killed before it runs anything: a sandbox never silently falls back to none.
     */
    static WorkerProcess start(WorkerLaunch launch, Map<String, String> environment) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(launch.directory().toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        // for the programs cells start; the worker itself writes its own frames and UTF-8 streams
        pb.environment().put("PYTHONUNBUFFERED", "1");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        WorkerProcess worker = new WorkerProcess(pb.start(), launch.exitGrace());
        WorkerChannel.Message hello;
        try {
            if (launch.boot() != null) {
                worker.channel.send(launch.boot(), List.of());
            }
            hello = worker.channel.receive();
            if (!hello.op().equals("hello")) {
                throw new IOException("the worker answered " + hello.op() + " instead of hello");
            }
        } catch (IOException e) {
            worker.kill();
            throw new Died("the " + launch.name() + " worker did not start: " + worker.deathCause());
        }
        worker.cgroup = cgroupOf(hello.header().path("cgroup").asText(""));
        if (launch.sandbox() != null && !launch.sandbox().equals(hello.header().path("sandbox").asText())) {
            worker.kill();
            throw new Died("sandbox=on, but the Python worker could not confine itself ("
                    + hello.header().path("sandboxError").asText("it did not say why")
                    + "), so no cell runs. Set '# cellar: sandbox=off' in the notebook's header to run cells with your"
                    + " own rights.");
        }
        return worker;
    }

    /** Sends a frame that needs no answer (an interrupt for a worker that takes them as frames); any thread. */
    void tell(ObjectNode message) {
        try {
            channel.send(message, List.of());
        } catch (IOException gone) {
            // the worker is gone: the thread talking to it finds out
        }
    }

    long pid() {
        return process.pid();
    }

    /** Whether the worker's process still runs (a spare may have died while it waited). */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends a request and reads frames until its answer; stream and display frames that
     * come before it go to {@code onOutput}. Throws {@link Died} when the worker goes away.
     */
    WorkerChannel.Message exchange(ObjectNode request, List<byte[]> blobs, Consumer<WorkerChannel.Message> onOutput)
            throws Died {
        // Cell code runs in the worker and can write frames too. The id is random, so no cell can
        // answer for a request it has not seen; frames for any other id (a forged or late answer)
        // and frames that are not JSON objects are dropped; the first answer with this id is the
        // one. A cell can at most misreport itself, as a try/except around its body could.
        String id = Long.toHexString(IDS.nextLong());
        request.put("id", id);
        try {
            channel.send(request, blobs);
            while (true) {
                WorkerChannel.Message m = channel.receive();
                if (!id.equals(m.id())) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "worker " + process.pid() + ": dropped a frame (op "
                            + m.op() + ", id " + m.id() + ") while answering " + request.path("op").asText() + " " + id);
                    continue;
                }
                switch (m.op()) {
                    case "stream", "display" -> onOutput.accept(m);
                    default -> {
                        return m;
                    }
                }
            }
        } catch (WorkerChannel.Broken e) {
            // a dying worker's last words (a JVM's "Terminating due to java.lang.OutOfMemoryError"
            // goes to its stdout) are no frame either: then how it died is the better answer
            if (exitsWithin(Duration.ofSeconds(1))) {
                throw new Died(deathCause());
            }
            // the frames after this cannot be found: the worker is of no more use
            LOG.log(System.Logger.Level.INFO, "worker " + process.pid() + ": " + e.getMessage() + "; stopping it");
            stop();
            throw new Died("the Python worker's channel broke (" + e.getMessage() + "; cell code may have written to"
                    + " it), so the worker was stopped");
        } catch (IOException e) {
            throw new Died(deathCause());
        }
    }

    private boolean exitsWithin(Duration time) {
        try {
            return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends a signal (INT, KILL, …) to the worker alone. */
    void signal(String name) {
        Signals.send(name, process.pid(), false);
    }

    /**
     * Kills the worker and every process its cells started. The process started here is the
     * worker's keeper (keeper.py), a subreaper: while it lives, every process below it stays
     * below it, setsid and double forks included, so its descendants are killed first, round
     * after round (the orphans of the killed come to it) until none is left, and it last. It
     * kills them itself too once the worker is gone, so this rarely takes a second round.
     */
    void kill() {
        killed = true;
        stop();
    }

    private void stop() {
        killCgroup();
        ProcessHandle keeper = process.toHandle();
        long deadline = System.nanoTime() + KILL_TREE_NANOS;
        while (keeper.isAlive() && System.nanoTime() < deadline) {
            List<ProcessHandle> below = keeper.descendants().toList();
            if (below.isEmpty()) {
                break;
            }
            below.forEach(ProcessHandle::destroyForcibly);
            try {
                keeper.onExit().get(20, TimeUnit.MILLISECONDS); // the killed are reaped by the keeper: wait a little
            } catch (TimeoutException | ExecutionException next) {
                // another round
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Signals.send("KILL", process.pid(), true); // its process group, should anything be left there
        process.destroyForcibly();
        removeCgroup();
    }

    /** A cgroup the worker named in its hello, if it is one the keeper makes. */
    private static Path cgroupOf(String named) {
        if (named.isEmpty()) {
            return null;
        }
        Path p = Path.of(named);
        return p.isAbsolute() && p.normalize().equals(p) && p.getFileName().toString().matches("cellar-worker-\\d+")
                ? p : null;
    }

    /** Kills every process in the worker's cgroup at once: what the keeper does, in case it was killed itself. */
    private void killCgroup() {
        Path c = cgroup;
        if (c != null && Files.isDirectory(c)) {
            try {
                Files.writeString(c.resolve("cgroup.kill"), "1");
            } catch (IOException gone) {
                // removed by the keeper meanwhile
            }
        }
    }

    /** After the worker is gone: its cgroup ended and removed, if the keeper could not. */
    private void removeCgroup() {
        Path c = cgroup;
        if (c == null || !Files.isDirectory(c)) {
            return;
        }
        killCgroup();
        long deadline = System.nanoTime() + KILL_TREE_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                Files.deleteIfExists(c); // rmdir: only once its last process is gone
                return;
            } catch (IOException busy) {
                try {
                    Thread.sleep(2); // its killed processes are on their way out
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    boolean wasKilled() {
        return killed;
    }

    /** Asks the worker to exit, and kills it if it does not within its launch's exit grace (a second, mostly). */
    @Override
    public void close() {
        try {
            channel.send(Json.MAPPER.createObjectNode().put("op", "exit"), List.of());
        } catch (IOException gone) {
            // already gone: nothing to ask
        }
        try {
            if (!process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        removeCgroup();
    }

    /** Why the worker is gone, for the user: exit code or signal, and its last words on stderr. */
    String deathCause() {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                return "the Python worker stopped answering (its channel broke)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeCgroup();
        int code = process.exitValue();
        String how = code > 128 ? "was killed by signal " + (code - 128) + Signals.name(code - 128)
                : "exited with code " + code;
        String last;
        synchronized (lastStderr) {
            last = String.join("\n", lastStderr);
        }
        return "the Python process " + how + (last.isBlank() ? "" : ":\n" + last);
    }

    private void pumpStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                LOG.log(System.Logger.Level.INFO, "worker " + process.pid() + ": " + line);
                synchronized (lastStderr) {
                    lastStderr.addLast(line);
                    if (lastStderr.size() > STDERR_LINES_KEPT) {
                        lastStderr.removeFirst();
                    }
                }
            }
        } catch (IOException closed) {
            // the worker is gone
        }
    }
}
