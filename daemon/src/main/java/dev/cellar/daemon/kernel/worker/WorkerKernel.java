package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.kernel.Confinement;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.NetAllowance;
import dev.cellar.daemon.kernel.OutputSink;
import dev.cellar.daemon.kernel.PythonKernel;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.daemon.kernel.WorkerEnvironment;
import dev.cellar.daemon.kernel.SqlParameters;
import dev.cellar.daemon.sql.ResultTable;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A notebook's Python on the user's own interpreter, in a worker process started on first
 * use. Interrupts are SIGINT (a KeyboardInterrupt in the cell), repeated each second;
 * a cell still running {@link #KILL_AFTER_NANOS} after the first one (a long call into C
 * that never checks for signals) has its worker killed, and the next cell starts a fresh
 * one. A worker that dies (segfault, os._exit, the memory limit, the OOM killer) takes
 * nothing else with it: its cell fails with the cause and the kernel reports the loss.
 */
public final class WorkerKernel implements PythonKernel {
    static final long KILL_AFTER_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long RESIGNAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WorkerLaunch launch;
    /** The worker's environment (a sandboxed worker's private temp folder is added as it starts). */
    private final Map<String, String> environment;
    private final long memoryLimit;
    /** A sandboxed worker's only writable place besides the notebook's folder; null when not sandboxed. */
    private final PrivateTemp temp;
    /**
     * Whether a worker like this one may be started ahead of need: a CPython worker, confined or
     * not (see {@link SpareWorkers}); a confined one only when its interpreter lies out of the
     * notebook's folder ({@link #outside}).
     */
    private final boolean spareable;
    /** Why no worker can start (a name in net= that does not resolve); null: it can. */
    private final String cannotStart;
    private volatile WorkerProcess worker;
    /** The worker went away between cells: the next cell's result says the variables were lost. */
    private boolean lostBetweenCells;
    // interrupt escalation of the running cell (kernel thread writes running; interrupt() the rest)
    private volatile boolean running;
    private long firstInterrupt;
    private long lastSignal;

    /**
     * On the user's Python, confined as {@code confinement} says. A confined worker gets the
     * allow-listed environment plus the names in {@code passEnv} ({@code env=}); an unconfined
     * one the daemon's less its secrets ({@link WorkerEnvironment}).
     */
    public static WorkerKernel python(Interpreter interpreter, Path folder, int previewRows, long memoryLimit,
                                      Confinement confinement, List<String> passEnv) {
        Map<String, Object> config = Map.of("previewRows", previewRows, "memoryLimit", memoryLimit);
        String mechanism = confinement.workerMechanism();
        Map<String, String> daemon = confinement.environment();
        if (mechanism == null) {
            return new WorkerKernel(WorkerLaunch.python(interpreter, config, folder, daemon), memoryLimit, null,
                    WorkerEnvironment.unconfined(daemon), true, null);
        }
        List<NetAllowance.Address> net = List.of();
        String cannotStart = null;
        if (!confinement.net().isEmpty()) {
            try { // here, as the kernel starts: the worker gets addresses, never a resolver
                net = confinement.net().resolve();
            } catch (UnknownHostException e) {
                cannotStart = e.getMessage();
            }
        }
        PrivateTemp temp = new PrivateTemp();
        WorkerLaunch.Sandbox sandbox = new WorkerLaunch.Sandbox(mechanism, List.of(folder), confinement.secrets().paths(),
                net);
        return new WorkerKernel(WorkerLaunch.python(interpreter, config, folder, daemon, sandbox), memoryLimit, temp,
                WorkerEnvironment.confined(daemon, passEnv), outside(interpreter.executable(), folder), cannotStart);
    }

    /**
     * Whether {@code executable} (as named and as resolved; a venv's {@code pyvenv.cfg} lies
     * beside its {@code bin}) is out of {@code folder}'s reach. A spare starts while this kernel's
     * confined cells run and may write the folder, and it runs the interpreter before it confines
     * itself: an interpreter they could replace (a {@code .venv} in the folder) gets no spare; its
     * kernel starts its worker after the interpreter's trust check, with no cell running.
     */
    private static boolean outside(Path executable, Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        Path named = executable.toAbsolutePath().normalize();
        try {
            return !named.startsWith(f) && !named.toRealPath().startsWith(f.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** On embedded GraalPy, in a JVM of its own (with the daemon's {@value WorkerLaunch#GRAALPY_JVM_FLAGS}). */
    public static WorkerKernel graalPy(Path folder, int previewRows, long memoryLimit, Secrets secrets) {
        WorkerLaunch launch = WorkerLaunch.graalPy(folder, previewRows, memoryLimit, secrets,
                WorkerLaunch.graalPyJvmFlags(System.getenv()));
        return new WorkerKernel(launch, memoryLimit, null, WorkerEnvironment.unconfined(System.getenv()), false, null);
    }

    private WorkerKernel(WorkerLaunch launch, long memoryLimit, PrivateTemp temp, Map<String, String> environment,
                         boolean spareable, String cannotStart) {
        this.cannotStart = cannotStart;
        this.launch = launch;
        this.memoryLimit = memoryLimit;
        this.temp = temp;
        this.environment = Map.copyOf(environment);
        this.spareable = spareable && launch.interruptBySignal() && cannotStart == null;
    }

    @Override
    public ExecutionResult execute(CellRun cell, OutputSink sink) {
        if (cell.kind() != CellKind.PYTHON) {
            throw new IllegalArgumentException("the Python kernel runs Python cells, not " + cell.kind().wireName());
        }
        boolean lost = lostBetweenCells;
        lostBetweenCells = false;
        WorkerProcess w;
        try {
            w = worker();
        } catch (IOException e) {
            return ExecutionResult.error(CellError.of("KernelError", e.getMessage()));
        }
        ObjectNode request = Json.MAPPER.createObjectNode().put("op", "run").put("code", cell.code())
                .put("filename", "cell_" + cell.cellId() + ".py");
        synchronized (this) {
            firstInterrupt = 0;
            running = true;
        }
        try {
            JsonNode done = w.exchange(request, List.of(), m -> forward(m.header(), sink)).header();
            ExecutionResult result = switch (done.path("status").asText()) {
                case "ok" -> ExecutionResult.ok(output(done.get("display")));
                case "interrupted" -> ExecutionResult.interrupted(CellError.of("Interrupted", "the cell was interrupted"));
                case "error" -> ExecutionResult.error(new CellError(done.path("ename").asText(), done.path("message").asText(),
                        strings(done.path("traceback")), done.path("line").asInt()));
                default -> ExecutionResult.error(CellError.of("KernelError", "the worker answered " + done));
            };
            return lost ? result.withKernelLost() : result;
        } catch (WorkerProcess.Died e) {
            worker = null;
            if (w.wasKilled()) {
                return ExecutionResult.interrupted(CellError.of("Interrupted",
                        "the cell did not stop, so its kernel was restarted: variables were lost")).withKernelLost();
            }
            return ExecutionResult.error(CellError.of("KernelDied", e.getMessage() + memoryHint())).withKernelLost();
        } finally {
            running = false;
        }
    }

    private String memoryHint() {
        return memoryLimit > 0 ? "\n(the notebook's memory limit is " + (memoryLimit >> 20) + " MiB: the cell may have exceeded it)"
                : "";
    }

    private static void forward(JsonNode frame, OutputSink sink) {
        switch (frame.path("op").asText()) {
            case "stream" -> sink.write(frame.path("name").asText(), frame.path("text").asText());
            case "display" -> {
                Output output = output(frame.get("output"));
                if (output != null) {
                    sink.display(output);
                }
            }
            default -> { }
        }
    }

    private static Output output(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Json.MAPPER.treeToValue(node, Output.class);
        } catch (JsonProcessingException e) {
            return new Output.Text("(an output Cellar could not read: " + e.getOriginalMessage() + ")");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void clear(Set<String> names) {
        if (!names.isEmpty() && worker != null) { // no worker yet: nothing to clear
            ObjectNode request = Json.MAPPER.createObjectNode().put("op", "clear");
            names.forEach(request.putArray("names")::add);
            call(request, List.of());
        }
    }

    @Override
    public void assign(Map<String, String> jsonValues) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("op", "assign");
        ObjectNode values = request.putObject("values");
        jsonValues.forEach(values::put);
        call(request, List.of());
    }

    @Override
    public Object sqlParameter(String name) {
        JsonNode answer = call(Json.MAPPER.createObjectNode().put("op", "sql_param").put("name", name), List.of());
        return SqlParameters.fromPython(name, answer.path("value"));
    }

    @Override
    public dev.cellar.daemon.sql.Frame sqlFrame(String name, long maxBytes) {
        WorkerChannel.Message answer = exchange(Json.MAPPER.createObjectNode().put("op", "sql_frame").put("name", name)
                .put("maxBytes", maxBytes), List.of());
        JsonNode h = answer.header();
        if (!h.path("found").asBoolean()) {
            return null;
        }
        if (h.hasNonNull("refused")) {
            throw new dev.cellar.daemon.sql.Frame.Refused(h.path("refused").asText());
        }
        return dev.cellar.daemon.kernel.FrameTransfer.read(name, h, answer.blobs(), maxBytes);
    }

    @Override
    public dev.cellar.protocol.method.TableRows tableRows(dev.cellar.daemon.execution.TableQuery q) {
        if (worker == null) {
            throw dev.cellar.daemon.execution.TableQuery.gone("the kernel's worker is gone");
        }
        ObjectNode request = Json.MAPPER.createObjectNode().put("op", "table_rows").put("handle", q.handle())
                .put("offset", q.offset()).put("limit", q.limit()).put("descending", q.descending());
        request.put("sort", q.sort());
        request.put("search", q.search());
        return dev.cellar.daemon.kernel.TableAnswers.read(call(request, List.of()), q);
    }

    /** A worker that is not there keeps nothing: none is started for this. */
    @Override
    public void dropTables(Set<String> cellIds) {
        if (!cellIds.isEmpty() && worker != null) {
            ObjectNode request = Json.MAPPER.createObjectNode().put("op", "drop_tables");
            var filenames = request.putArray("filenames");
            cellIds.forEach(id -> filenames.add("cell_" + id + ".py"));
            call(request, List.of());
        }
    }

    @Override
    public void bindTable(String name, ResultTable table) {
        TableTransfer.Frame frame = TableTransfer.of(name, table);
        call(frame.header(), frame.blobs());
    }

    @Override
    public void warmUp() {
        try {
            worker();
        } catch (IOException e) {
            // the first cell reports it
        }
    }

    /** A request between cells; a worker that died meanwhile is noted, and the caller told. */
    private JsonNode call(ObjectNode request, List<byte[]> blobs) {
        return exchange(request, blobs).header();
    }

    private WorkerChannel.Message exchange(ObjectNode request, List<byte[]> blobs) {
        WorkerProcess w;
        try {
            w = worker();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            WorkerChannel.Message answer = w.exchange(request, blobs, m -> { });
            if (answer.op().equals("error")) {
                throw new IllegalStateException("the Python worker failed: " + answer.header().path("message").asText());
            }
            return answer;
        } catch (WorkerProcess.Died e) {
            worker = null;
            lostBetweenCells = true;
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private WorkerProcess worker() throws IOException {
        WorkerProcess w = worker;
        if (w == null) {
            if (cannotStart != null) {
                throw new IOException(cannotStart);
            }
            SpareWorkers.Spare spare = spareable ? SpareWorkers.take(launch, environment) : null;
            if (spare != null) {
                if (temp != null) {
                    temp.adopt(spare.temp()); // the spare's private temp folder is this kernel's now
                }
                w = spare.process();
            } else {
                w = WorkerProcess.start(launch, temp != null ? temp.around(environment) : environment);
            }
            worker = w;
        }
        return w;
    }

    /** Stops the workers kept ahead of need (a daemon that closes). */
    public static void closeSpares() {
        SpareWorkers.closeAll();
    }

    /** Starts a worker like this kernel's ahead of need, for the kernel that replaces this one; any thread. */
    @Override
    public void keepSpare() {
        if (spareable) {
            SpareWorkers.prepare(launch, environment);
        }
    }

    /** Called repeatedly while a cell should stop: SIGINT each second, then kill. Any thread. */
    @Override
    public synchronized void interrupt() {
        WorkerProcess w = worker;
        if (w == null || !running) {
            return;
        }
        long now = System.nanoTime();
        if (firstInterrupt == 0) {
            firstInterrupt = now;
            lastSignal = now;
            ask(w);
        } else if (now - firstInterrupt >= KILL_AFTER_NANOS) {
            w.kill();
        } else if (now - lastSignal >= RESIGNAL_NANOS) {
            lastSignal = now;
            ask(w);
        }
    }

    private void ask(WorkerProcess w) {
        if (launch.interruptBySignal()) {
            w.signal("INT");
        } else {
            w.tell(Json.MAPPER.createObjectNode().put("op", "interrupt"));
        }
    }

    /** Stops the worker (and a cell it runs, at once); any thread. */
    @Override
    public void close() {
        WorkerProcess w = worker;
        worker = null;
        if (w != null) {
            if (running) {
                w.kill();
            } else {
                w.close();
            }
        }
        if (temp != null) {
            temp.delete();
        }
    }
}
