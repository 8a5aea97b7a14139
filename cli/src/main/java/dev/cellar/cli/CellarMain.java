package dev.cellar.cli;

import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The {@code cellar} command. Every failure is one line on stderr and an exit code, never a stack trace. */
public final class CellarMain {
    private CellarMain() {
    }

    public static void main(String[] args) {
        // Libraries (Netty, the MCP SDK, a standalone daemon) log through JUL here; their
        // informational messages are not for the person at the terminal, warnings are.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        // UTF-8 as the daemon sends it (box drawing, ✓, names): not the platform's default by accident
        System.exit(execute(args, new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true)));
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("cellar: " + message(e));
            commandLine.getErr().flush();
            return exitCode(e);
        });
        cli.setExitCodeExceptionMapper(CellarMain::exitCode);
        cli.getSubcommands().values().forEach(sub -> sub.setExecutionExceptionHandler(cli.getExecutionExceptionHandler()));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command tree for these arguments. Picocli reflects over every command it is given
     * (annotations, fields, their types), which was the largest part of a short command's
     * start-up (~0.2-0.4 s of e.g. a warm `cellar run`), so only the named command is built;
     * the whole tree only where it is needed: no command (help, usage errors with
     * suggestions), `help` and `completion`.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new CellarCommand());
        String named = args.length > 0 ? args[0] : "";
        Supplier<Object> only = named.equals("completion") ? null : CellarCommand.SUBCOMMANDS.get(named);
        if (only != null) {
            cli.addSubcommand(named, only.get());
        } else {
            CellarCommand.SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        return cli;
    }

    private static String message(Throwable e) {
        if (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("closed the connection")) {
            return "the daemon closed the connection (is it shutting down?)";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static int exitCode(Throwable e) {
        return switch (e) {
            case CliException c -> c.exitCode();
            case RpcException r -> ExitCode.FAILED;
            case IOException io -> ExitCode.NO_DAEMON;
            case CommandLine.ParameterException p -> ExitCode.USAGE;
            default -> ExitCode.FAILED;
        };
    }
}
