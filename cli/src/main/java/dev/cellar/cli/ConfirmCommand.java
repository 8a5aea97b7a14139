package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.ConfirmParams;
import dev.cellar.protocol.method.ConfirmResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "confirm", description = {
        "Confirm what Cellar holds back in a notebook until a person looks: header settings that widen rights",
        "(sandbox=off, a laxer approval=, another python=, sql=, duckdb=, env=, net=) and a Python interpreter",
        "(.venv) in a folder a confined notebook's cells can write, where they could have planted it.",
        "Shows what changed (old -> new, the interpreter's path and SHA-256, new or changed) and asks;",
        "once confirmed, the notebook's kernel restarts on it. Like `direnv allow`: a later change asks again."})
final class ConfirmCommand extends NotebookCommand {
    @Option(names = "--yes", description = "Confirm without asking (scripts): whatever waits now is confirmed.")
    boolean yes;

    @Option(names = "--dry-run", description = "Only show what waits; confirm nothing.")
    boolean dryRun;

    @Override
    int run(CellarClient client, NotebookSnapshot nb) throws IOException {
        ConfirmResult waiting = client.call(Methods.NOTEBOOK_CONFIRM, new ConfirmParams(nb.notebookId(), null, true, null),
                ConfirmResult.class);
        if (waiting.nothingPending()) {
            out().println("nothing waits for a confirmation in " + nb.path());
            out().flush();
            return ExitCode.OK;
        }
        print(waiting);
        if (dryRun) {
            return ExitCode.OK;
        }
        if (!yes) {
            if (!Terminals.interactive()) {
                throw new CliException(ExitCode.FAILED, "nothing confirmed: run cellar confirm on a terminal to be asked, "
                        + "or pass --yes");
            }
            out().print("confirm? [y/N] ");
            out().flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                out().println("nothing confirmed");
                out().flush();
                return ExitCode.FAILED;
            }
        }
        String sha = waiting.interpreter() == null ? null : waiting.interpreter().sha256();
        ConfirmResult done = client.call(Methods.NOTEBOOK_CONFIRM, new ConfirmParams(nb.notebookId(), null, false, sha),
                ConfirmResult.class);
        out().println(done.message());
        out().flush();
        return ExitCode.OK;
    }

    private void print(ConfirmResult r) {
        out().println("waiting for a confirmation in " + notebook + ":");
        for (ConfirmResult.SettingChange c : r.header()) {
            out().println("  header  " + c.key() + ": " + shown(c.from()) + " -> " + shown(c.to()));
        }
        if (r.interpreter() != null) {
            ConfirmResult.PendingInterpreter p = r.interpreter();
            out().println("  python  " + p.path() + (p.previousSha256() == null ? "  (new)" : "  (changed since confirmed)"));
            out().println("          sha256 " + p.sha256() + (p.previousSha256() == null ? ""
                    : " (was " + p.previousSha256() + ")"));
        }
        out().println("  (a confined cell can write this folder: confirm only what you or your tools made)");
        out().flush();
    }

    private static String shown(String value) {
        return value == null ? "(not set)" : value;
    }
}
