package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.CellsResult;
import dev.cellar.protocol.client.Snapshots;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.RunAllParams;
import dev.cellar.protocol.method.RunResult;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", resourceBundle = "dev.cellar.cli.ReadsIpynb", description = {
        "Run a whole notebook (.py, or .ipynb) as a batch job: outputs on stdout, progress and "
        + "failures on stderr, reports on request.",
        "Exits 0 when every cell succeeded, 1 when a cell failed, 2 on bad usage, 124 when --timeout was exceeded, "
                + "130 when a cell was interrupted."})
final class RunCommand extends NotebookCommand {
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Replace a value the parameters cell ('# %%%% tags=[\"parameters\"]') sets; VALUE is read as int, float, "
                    + "bool, JSON, or else a string. Repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--params", paramLabel = "FILE.json", description = "Parameters from a JSON object (-p wins).")
    Path paramsFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop the whole run after this long (exit 124).")
    Double timeout;

    @Option(names = "--cell-timeout", paramLabel = "SECONDS", description = "Limit each cell of this run.")
    Double cellTimeout;

    @Option(names = "--fail-fast", description = "Stop at the first failing cell (default: run every cell that can run).")
    boolean failFast;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report (one test case per cell).")
    Path junit;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every cell with status, time and outputs as JSON.")
    Path json;

    @Option(names = "--out", paramLabel = "FILE.ipynb", description = "Write the executed notebook with its outputs.")
    Path ipynb;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    Path html;

    @Option(names = "--reuse-kernel", description = "Run on the notebook's live kernel, with the variables and module state "
            + "it has (default: restart it first, so every run starts from a fresh interpreter).")
    boolean reuseKernel;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Mixin
    ColorOption color;

    @Option(names = "--standalone", description = "Run inside this process, without a daemon (for CI machines).")
    boolean standaloneRun;

    @Override
    boolean standalone() {
        return standaloneRun;
    }

    @Override
    boolean readsIpynb() {
        return true;
    }

    /** A Jupyter notebook runs as it ran in Jupyter: names defined in several cells are rewritten for this run. */
    @Override
    boolean rewritesIpynb() {
        return true;
    }

    @Override
    void told(CellsResult rewrite) {
        if (!quiet) {
            for (String change : rewrite.changes()) {
                err().println("cellar: note: " + notebook.getFileName() + ": " + change + " (for this run)");
            }
        }
        for (String problem : rewrite.problems()) {
            err().println("cellar: " + notebook.getFileName() + ": " + problem);
        }
        err().flush();
    }

    @Override
    void checkArguments() {
        for (String p : params) {
            if (p.indexOf('=') <= 0) {
                throw new CliException(ExitCode.USAGE, "-p expects NAME=VALUE, got '" + p + "'");
            }
        }
        OutputFiles.refuseTheNotebook(notebook, junit, "--junit");
        OutputFiles.refuseTheNotebook(notebook, json, "--json");
        OutputFiles.refuseTheNotebook(notebook, ipynb, "--out");
        OutputFiles.refuseTheNotebook(notebook, html, "--html");
    }

    @Override
    int run(CellarClient client, NotebookSnapshot nb) throws IOException {
        Problems.warn(err(), nb);
        int runnable = (int) nb.cells().stream().filter(c -> c.kind().runs()).count();
        RunObserver observer = new RunObserver(err(), quiet, runnable);
        boolean reports = junit != null || ipynb != null || html != null || json != null;
        if (!quiet || reports) {
            // events give the progress lines and each cell's time for the reports; a quiet run
            // without reports needs only the answer (decoding three events per cell in a cold
            // JVM cost ~0.1 s of CPU in a 100-cell run on a warm daemon)
            client.onEvent(observer::accept);
            client.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
        }
        Map<String, JsonNode> given = parameters();
        RunAllParams request = new RunAllParams(nb.notebookId(), true, given,
                cellTimeout == null ? null : Math.max(1, Math.round(cellTimeout * 1000)), failFast, !reuseKernel);
        CompletableFuture<JsonNode> pending = client.request(Methods.NOTEBOOK_RUN_ALL, request);
        Thread interruptOnCtrlC = new Thread(() -> client.notify(Methods.NOTEBOOK_INTERRUPT, new NotebookParams(nb.notebookId())));
        Runtime.getRuntime().addShutdownHook(interruptOnCtrlC);
        RunResult result;
        boolean timedOut = false;
        try {
            JsonNode answer;
            try {
                answer = timeout == null ? pending.get() : pending.get(Math.round(timeout * 1000), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                timedOut = true;
                client.call(Methods.NOTEBOOK_INTERRUPT, new NotebookParams(nb.notebookId()), Object.class);
                answer = pending.get(30, TimeUnit.SECONDS);
            }
            result = Json.convert(answer, RunResult.class);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RpcException tooLarge && tooLarge.errorCode() == ErrorCode.TOO_LARGE_TO_SEND) {
                result = Json.convert(Snapshots.whole(client, nb.notebookId(), tooLarge), RunResult.class);
            } else if (e.getCause() instanceof RuntimeException r) {
                throw r;
            } else {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new CliException(ExitCode.INTERRUPTED, "the run did not stop after being interrupted");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interruptOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook runs now
            }
        }
        observer.finished(result.cells());
        boolean colour = color.wanted();
        int exit = quiet ? RunReport.exitCode(result)
                : RunReport.print(result, out(), err(), (long) (observer.elapsedSeconds() * 1e9), colour);
        if (quiet) {
            RunReport.printOutputsAndErrors(result, out(), err(), colour);
        }
        if (timedOut) {
            err().printf(Locale.ROOT, "cellar: the run exceeded --timeout %.1f s and was stopped%n", timeout);
            exit = ExitCode.TIMEOUT;
        } else if (result.cells().stream().anyMatch(c -> c.status() == CellStatus.INTERRUPTED)) {
            exit = ExitCode.INTERRUPTED;
        }
        if (reports) {
            // the final state of every cell (markdown included), in notebook order
            writeReports(Snapshots.get(client, nb.notebookId()).cells(), given, observer, exit);
        }
        err().flush();
        return exit;
    }

    private Map<String, JsonNode> parameters() throws IOException {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (paramsFile != null) {
            JsonNode file;
            try {
                file = Json.MAPPER.readTree(paramsFile.toFile());
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "cannot read --params " + paramsFile + ": " + e.getMessage());
            }
            if (!file.isObject()) {
                throw new CliException(ExitCode.USAGE, "--params " + paramsFile + " must hold a JSON object");
            }
            file.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
        }
        for (String p : params) {
            int eq = p.indexOf('=');
            values.put(p.substring(0, eq), ParameterValue.infer(p.substring(eq + 1)));
        }
        return values.isEmpty() ? null : values;
    }

    private void writeReports(List<CellInfo> ran, Map<String, JsonNode> given, RunObserver observer, int exit)
            throws IOException {
        List<CellInfo> cells = InjectedParameters.insert(ran, given);
        String name = notebook.getFileName().toString();
        double seconds = observer.elapsedSeconds();
        if (junit != null) {
            write(junit, JunitReport.write(name, ran, observer::millis, seconds, given));
        }
        if (ipynb != null) {
            write(ipynb, Ipynb.write(cells));
        }
        if (html != null) {
            write(html, HtmlReport.page(name, cells, observer::millis, RunReport.summary(ran, seconds)));
        }
        if (json != null) {
            ObjectNode report = Json.MAPPER.createObjectNode().put("notebook", notebook.toAbsolutePath().toString())
                    .put("exitCode", exit).put("seconds", Math.round(seconds * 1000) / 1000.0);
            report.set("parameters", Json.MAPPER.valueToTree(given == null ? Map.of() : given));
            ArrayNode list = report.putArray("cells");
            for (CellInfo c : ran) {
                ObjectNode cell = (ObjectNode) Json.tree(c);
                cell.put("durationMillis", observer.millis(c.id()));
                list.add(cell);
            }
            write(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        }
    }

    private static void write(Path file, String content) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Files.writeString(abs, content, StandardCharsets.UTF_8);
    }
}
