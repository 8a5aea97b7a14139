package dev.cellar.cli;

import picocli.CommandLine.Command;

@Command(name = "cellar", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, version = "cellar 0.1.0",
        description = {"A reactive notebook for the terminal.",
                "Commands talk to a long-running daemon, started on demand."},
        subcommands = {DaemonCommand.class, NewCommand.class, LsCommand.class, ShowCommand.class, CellCommand.class,
                RunCommand.class, ChatCommand.class, ImportCommand.class, ExportCommand.class,
                CompletionCommand.class, EditCommand.class, KernelCommand.class, McpCommand.class, ApproveCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  a cell failed, or the daemon refused the request", "  2  bad usage",
                "  3  (daemon status) no daemon running", "  4  the daemon could not be reached or started",
                "  124  (run) the run exceeded --timeout", "  130  (run) a cell was interrupted",
                "", "Environment: CELLAR_SOCKET overrides the daemon's socket path."})
final class CellarCommand {
}
