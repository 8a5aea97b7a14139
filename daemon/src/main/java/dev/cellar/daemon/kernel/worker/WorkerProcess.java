package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Resources;
import dev.cellar.protocol.rpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Python process running worker.py: started with a tiny bootstrap that reads the
 * worker's code from the channel (nothing is installed into the user's Python), then
 * asked one thing at a time. Talking to it happens on one thread (the notebook's kernel
 * thread, or the analyser's); {@link #signal} and {@link #kill} may come from any thread.
 */
final class WorkerProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cellar.worker");
    /** Reads the first frame (the modules and worker.py) and runs it; stdlib only, any Python 3.9+. */
    private static final String BOOTSTRAP = String.join(";",
            "import sys,struct,json,types",
            "r=sys.stdin.buffer",
            "n=struct.unpack('>I',r.read(4))[0]",
            "b=json.loads(r.read(n).decode('utf-8'))",
            "exec(\"for k,v in b['modules'].items():\\n m=types.ModuleType(k);exec(compile(v,k+'.py','exec'),m.__dict__);"
                    + "sys.modules[k]=m\")",
            "exec(compile(b['main'],'cellar_worker.py','exec'),{'__name__':'cellar_worker','CONFIG':b['config']})");
    /** Secrets of the daemon that cell code has no business reading. */
    private static final List<String> WITHHELD_PREFIXES = List.of("OPENAI_", "CELLAR_", "ANTHROPIC_");
    private static final int STDERR_LINES_KEPT = 20;

    private final Process process;
    private final WorkerChannel channel;
    private final Deque<String> lastStderr = new ArrayDeque<>();
    private volatile boolean killed;

    /** The worker died or its channel broke; the message says how, for the user. */
    static final class Died extends IOException {
        private static final long serialVersionUID = 1L;

        Died(String message) {
            super(message, null);
        }
    }

    private WorkerProcess(Process process) {
        this.process = process;
        this.channel = new WorkerChannel(process.getInputStream(), process.getOutputStream());
        Thread.ofPlatform().daemon().name("worker-stderr-" + process.pid()).start(this::pumpStderr);
    }

    /** Starts {@code interpreter} in {@code folder} and waits for its hello. */
    static WorkerProcess start(Interpreter interpreter, Path folder, Map<String, Object> config) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(interpreter.executable().toString(), "-c", BOOTSTRAP)
                .directory(folder.toFile());
        pb.environment().keySet().removeIf(k -> WITHHELD_PREFIXES.stream().anyMatch(k::startsWith));
        pb.environment().put("PYTHONUNBUFFERED", "1");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        WorkerProcess worker = new WorkerProcess(pb.start());
        ObjectNode boot = Json.MAPPER.createObjectNode();
        boot.putObject("modules")
                .put("cellar_sql", Resources.text(Resources.class, "sql_bridge.py"))
                .put("cellar_analyze", Resources.text(Resources.class, "/dev/cellar/daemon/analysis/analyze.py"));
        boot.put("main", Resources.text(WorkerProcess.class, "worker.py"));
        boot.set("config", Json.MAPPER.valueToTree(config));
        try {
            worker.channel.send(boot, List.of());
            WorkerChannel.Message hello = worker.channel.receive();
            if (!hello.op().equals("hello")) {
                throw new IOException("the worker answered " + hello.op() + " instead of hello");
            }
        } catch (IOException e) {
            throw new Died("the Python worker (" + interpreter.executable() + ") did not start: " + worker.deathCause());
        }
        return worker;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Sends a request and reads frames until its answer; stream and display frames that
     * come before it go to {@code onOutput}. Throws {@link Died} when the worker goes away.
     */
    WorkerChannel.Message exchange(ObjectNode request, List<byte[]> blobs, Consumer<WorkerChannel.Message> onOutput)
            throws Died {
        try {
            channel.send(request, blobs);
            while (true) {
                WorkerChannel.Message m = channel.receive();
                switch (m.op()) {
                    case "stream", "display" -> onOutput.accept(m);
                    default -> {
                        return m;
                    }
                }
            }
        } catch (IOException e) {
            throw new Died(deathCause());
        }
    }

    /** Sends a signal (INT, KILL, …) to the worker alone. */
    void signal(String name) {
        Signals.send(name, process.pid(), false);
    }

    /** Kills the worker and every process its cells started (its process group). */
    void kill() {
        killed = true;
        Signals.send("KILL", process.pid(), true);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    boolean wasKilled() {
        return killed;
    }

    /** Asks the worker to exit, and kills it if it does not within a second. */
    @Override
    public void close() {
        try {
            channel.send(Json.MAPPER.createObjectNode().put("op", "exit"), List.of());
        } catch (IOException gone) {
            // already gone: nothing to ask
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
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
