package dev.cellar.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(name = "cellar", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, version = "cellar 0.1.0",
        description = {"A reactive notebook for the terminal.",
                "Commands talk to a long-running daemon, started on demand."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  a cell failed, or the daemon refused the request", "  2  bad usage",
                "  3  (daemon status) no daemon running", "  4  the daemon could not be reached or started",
                "  124  (run) the run exceeded --timeout", "  130  (run) a cell was interrupted",
                "", "Environment: CELLAR_SOCKET overrides the daemon's socket path."})
final class CellarCommand {
    /** The subcommands in help order. Not in the annotation: see {@link CellarMain#commandLine}. */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("daemon", DaemonCommand::new);
        all.put("new", NewCommand::new);
        all.put("ls", LsCommand::new);
        all.put("show", ShowCommand::new);
        all.put("cell", CellCommand::new);
        all.put("run", RunCommand::new);
        all.put("chat", ChatCommand::new);
        all.put("import", ImportCommand::new);
        all.put("fix", FixCommand::new);
        all.put("export", ExportCommand::new);
        all.put("completion", CompletionCommand::new);
        all.put("edit", EditCommand::new);
        all.put("kernel", KernelCommand::new);
        all.put("save", SaveCommand::new);
        all.put("close", CloseCommand::new);
        all.put("mcp", McpCommand::new);
        all.put("approve", ApproveCommand::new);
        all.put("confirm", ConfirmCommand::new);
        all.put("driver", DriverCommand::new);
        all.put("connection", ConnectionCommand::new);
        return Collections.unmodifiableMap(all);
    }
}
