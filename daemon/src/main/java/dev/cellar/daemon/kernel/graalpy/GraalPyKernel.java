package dev.cellar.daemon.kernel.graalpy;

import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.kernel.PythonKernel;
import dev.cellar.daemon.kernel.Resources;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.daemon.kernel.SharedPython;
import dev.cellar.daemon.kernel.SqlParameters;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.daemon.kernel.OutputSink;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;
import dev.cellar.daemon.sql.ResultTable;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A notebook's Python kernel: one GraalPy context on the shared engine. The context keeps
 * GraalPy's safe defaults (no host classes, processes, threads, sockets or native
 * modules); its file system reaches only the notebook's folder, on real paths, without the
 * user's secrets, and GraalPy's standard library read-only.
 */
public final class GraalPyKernel implements PythonKernel {
    private static final String DENIED = "java.lang.SecurityException:";
    /** outputs.py's kinds as the protocol's (its JSON names). */
    private static final java.util.Map<String, Output.Kind> KINDS = java.util.Map.of(
            "result", Output.Kind.RESULT, "display", Output.Kind.DISPLAY);
    private final FolderFileSystem files;
    private final Context context;
    private final StreamRouter stdout = new StreamRouter("stdout");
    private final StreamRouter stderr = new StreamRouter("stderr");
    /** Defines a module from its source, as worker.py's bootstrap does on CPython. */
    private static final String LOAD_MODULE = """
            def load_module(name, source):
                import sys, types
                module = types.ModuleType(name)
                exec(compile(source, name + ".py", "exec"), module.__dict__)
                sys.modules[name] = module
            """;
    private final Value runCell;
    private final Value clear;
    private final Value sqlParam;
    private final Value bindTable;
    private final Value tableRows;
    private final Value dropTables;
    private final Value sqlFrame;
    private final Value assignJson;
    private final int previewRows;
    private volatile boolean interruptRequested;
    /** Where the running cell's outputs go; null between cells. */
    private volatile OutputSink sink;

    /**
     * {@code previewRows}: how many rows of a table value its cell output keeps; {@code secrets}:
     * what cells may not read even inside the folder.
     */
    public GraalPyKernel(Path notebookFolder, int previewRows, Secrets secrets) {
        this.previewRows = previewRows;
        try {
            // outside the folder: GraalPy's own home (its standard library, in a cache every notebook shares), read-only
            files = new FolderFileSystem(notebookFolder, secrets,
                    FileSystem.allowInternalResources(FileSystem.newDenyIOFileSystem()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot confine the kernel to " + notebookFolder + ": " + e.getMessage(), e);
        }
        context = Context.newBuilder("python")
                .engine(PythonEngine.shared())
                .out(stdout)
                .err(stderr)
                .in(new ByteArrayInputStream(new byte[0]))
                .allowIO(IOAccess.newBuilder().fileSystem(files).build())
                .currentWorkingDirectory(files.root())
                .build();
        // modules beside the notebook import, as they do for a script run in its folder
        String prefix = context.eval("python", "lambda folder: (__import__('sys').path.insert(0, folder), __import__('sys').prefix)[1]")
                .execute(files.root().toString()).asString();
        // GraalPy's home stays read-only when the notebook's folder holds it (a notebook in $HOME): links lead there too
        files.readOnly(List.of(Path.of(prefix)));
        // the Python both kernels share first, as modules (as worker.py's bootstrap loads them): kernel.py imports them
        Value bindings = context.getBindings("python");
        context.eval("python", LOAD_MODULE);
        SharedPython.modules().forEach(bindings.getMember("load_module")::execute);
        context.eval(Source.newBuilder("python", Resources.text(GraalPyKernel.class, "kernel.py"), "cellar_kernel.py").buildLiteral());
        bindings.getMember("start").execute((ProxyExecutable) this::emit, previewRows);
        runCell = bindings.getMember("run_cell");
        clear = bindings.getMember("clear");
        sqlParam = bindings.getMember("sql_param_json");
        bindTable = bindings.getMember("bind_table");
        sqlFrame = bindings.getMember("sql_frame");
        assignJson = bindings.getMember("assign_json");
        tableRows = bindings.getMember("table_rows_json");
        dropTables = bindings.getMember("drop_tables");
    }

    @Override
    public ExecutionResult execute(CellRun cell, OutputSink sink) {
        if (cell.kind() != CellKind.PYTHON) {
            throw new IllegalArgumentException("the Python kernel runs Python cells, not " + cell.kind().wireName());
        }
        interruptRequested = false;
        this.sink = sink;
        stdout.route(sink);
        stderr.route(sink);
        try {
            Value r = runCell.execute(cell.code(), "cell_" + cell.cellId() + ".py");
            String status = r.getArrayElement(0).asString();
            if (status.equals("ok")) {
                return ExecutionResult.ok(null); // its value, like every output, went to the sink when it was shown
            }
            if (status.equals("interrupted")) { // a KeyboardInterrupt the cell raised, as on CPython
                return ExecutionResult.interrupted(CellError.of("Interrupted", "the cell was interrupted"));
            }
            List<String> tb = new ArrayList<>();
            Value lines = r.getArrayElement(3);
            for (long i = 0; i < lines.getArraySize(); i++) {
                tb.add(lines.getArrayElement(i).asString());
            }
            return ExecutionResult.error(new CellError(r.getArrayElement(1).asString(), r.getArrayElement(2).asString(),
                    tb, r.getArrayElement(4).asInt()));
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled() || interruptRequested) {
                return ExecutionResult.interrupted(CellError.of("Interrupted", "the cell was interrupted"));
            }
            if (e.isExit()) {
                return ExecutionResult.error(CellError.of("SystemExit", "the cell tried to exit the kernel (code "
                        + e.getExitStatus() + ")"));
            }
            String message = String.valueOf(e.getMessage());
            if (message.startsWith(DENIED)) { // os.system and the like: GraalPy refuses them in Java, past Python's except
                String why = message.substring(DENIED.length()).trim().replaceFirst(",? to enable it set .*$", "");
                return ExecutionResult.error(CellError.of("PermissionError", why + " (the GraalPy kernel is confined)"));
            }
            return ExecutionResult.error(CellError.of(e.isResourceExhausted() ? "ResourceExhausted" : "KernelError", message));
        } finally {
            this.sink = null;
            stdout.route(null);
            stderr.route(null);
        }
    }

    /**
     * kernel.py's emit(type, payload, kind[, handle]): an output of the running cell, shown now,
     * after the text the cell printed before it (kernel.py flushed it): a repr, a query result
     * (previewed here), or the JSON of any other output, as a CPython worker's display frame
     * carries it; kind is outputs.py's ("result" or "display").
     */
    private Object emit(Value... args) {
        OutputSink to = sink;
        if (to == null) {
            return null;
        }
        Output.Kind kind = args.length > 2 && args[2].isString() ? KINDS.get(args[2].asString()) : null;
        Output out = output(args[0].asString(), args[1], kind);
        if (out instanceof Output.Table t && args.length > 3 && args[3].isString()) {
            out = t.withHandle(args[3].asString()); // a query result shown in a Python cell, kept for paging
        }
        to.display(out);
        return null;
    }

    private Output output(String type, Value payload, Output.Kind kind) {
        return switch (type) {
            case "text" -> new Output.Text(payload.asString(), kind);
            case "table" -> payload.isProxyObject() && payload.asProxyObject() instanceof ResultTable t
                    ? t.preview(previewRows).withKind(kind) : new Output.Text(payload.toString(), kind);
            default -> {
                try {
                    yield Json.MAPPER.readValue(payload.asString(), Output.class);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    yield new Output.Text("(an output Cellar could not read: " + e.getOriginalMessage() + ")");
                }
            }
        };
    }

    @Override
    public Object sqlParameter(String name) {
        return SqlParameters.fromPython(name, sqlParameterAnswer(name));
    }

    /** sql_bridge.py's answer for a variable, {@code [kind, text]}, as a worker sends it on. */
    public com.fasterxml.jackson.databind.JsonNode sqlParameterAnswer(String name) {
        String answer = sqlParam.execute(name).asString();
        try {
            return Json.MAPPER.readTree(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("kernel.py answered malformed JSON", e);
        }
    }

    /** What sql_bridge.py sends for an SQL cell's {@code FROM name}: a header and the columns' bytes. */
    public record FrameAnswer(com.fasterxml.jackson.databind.JsonNode header, List<byte[]> blobs) {
    }

    /** sql_bridge.py's {@code sql_frame} answer, as a worker sends it on (the daemon checks it). */
    public FrameAnswer sqlFrameAnswer(String name, long maxBytes) {
        Value r = sqlFrame.execute(name, maxBytes);
        List<byte[]> blobs = new ArrayList<>();
        Value list = r.getArrayElement(1);
        for (long i = 0; i < list.getArraySize(); i++) {
            Value b = list.getArrayElement(i);
            byte[] bytes = new byte[Math.toIntExact(b.getBufferSize())];
            b.readBuffer(0, bytes, 0, bytes.length);
            blobs.add(bytes);
        }
        try {
            return new FrameAnswer(Json.MAPPER.readTree(r.getArrayElement(0).asString()), blobs);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("kernel.py answered malformed JSON", e);
        }
    }

    @Override
    public dev.cellar.daemon.sql.Frame sqlFrame(String name, long maxBytes) {
        FrameAnswer a = sqlFrameAnswer(name, maxBytes);
        if (!a.header().path("found").asBoolean()) {
            return null;
        }
        if (a.header().hasNonNull("refused")) {
            throw new dev.cellar.daemon.sql.Frame.Refused(a.header().path("refused").asText());
        }
        return dev.cellar.daemon.kernel.FrameTransfer.read(name, a.header(), a.blobs(), maxBytes);
    }

    /** outputs.py's table_rows answer for a request of table_rows, as a worker sends it on (the daemon checks it). */
    public com.fasterxml.jackson.databind.JsonNode tableRowsAnswer(com.fasterxml.jackson.databind.JsonNode h) {
        String answer = tableRows.execute(h.path("handle").asText(), h.path("offset").asLong(), h.path("limit").asInt(),
                h.path("sort").isTextual() ? h.path("sort").asText() : null, h.path("descending").asBoolean(),
                h.path("search").isTextual() ? h.path("search").asText() : null).asString();
        try {
            return Json.MAPPER.readTree(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("kernel.py answered malformed JSON", e);
        }
    }

    @Override
    public dev.cellar.protocol.method.TableRows tableRows(dev.cellar.daemon.execution.TableQuery q) {
        com.fasterxml.jackson.databind.node.ObjectNode h = Json.MAPPER.createObjectNode().put("handle", q.handle())
                .put("offset", q.offset()).put("limit", q.limit()).put("descending", q.descending());
        h.put("sort", q.sort());
        h.put("search", q.search());
        return dev.cellar.daemon.kernel.TableAnswers.read(tableRowsAnswer(h), q);
    }

    @Override
    public void dropTables(Set<String> cellIds) {
        dropTables.execute(ProxyArray.fromList(new ArrayList<>(cellIds.stream().map(id -> (Object) ("cell_" + id + ".py")).toList())));
    }

    @Override
    public void bindTable(String name, ResultTable table) {
        bindTable.execute(name, table);
    }

    @Override
    public void clear(Set<String> names) {
        if (!names.isEmpty()) {
            clear.execute(ProxyArray.fromList(new ArrayList<>(names)));
        }
    }

    @Override
    public void assign(java.util.Map<String, String> jsonValues) {
        jsonValues.forEach((name, json) -> assignJson.execute(name, json));
    }

    @Override
    public void interrupt() {
        interruptRequested = true;
        try {
            context.interrupt(Duration.ofSeconds(1));
        } catch (TimeoutException e) {
            // the cell did not stop within the second; callers repeat until it does
        }
    }

    @Override
    public void close() {
        context.close(true);
        try {
            files.close();
        } catch (java.io.IOException e) {
            // the folder's descriptor: nothing left to do with it
        }
    }

}
