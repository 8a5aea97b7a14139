package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.method.ChatApproveParams;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.model.NotebookSnapshot;
import java.io.IOException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "approve", description = {"Answer a tool call of the assistant or an agent that waits for approval.",
        "On a terminal, shows each waiting call (or CALL) with the code it would run and asks; elsewhere, without --yes "
                + "or --no, lists the waiting calls.",
        "The daemon refuses approvals from an agent's own process tree (its MCP server or host): approve from a "
                + "terminal of your own."})
final class ApproveCommand extends NotebookCommand {
    @Parameters(index = "1", arity = "0..1", paramLabel = "CALL", description = "The call's id (default: the only one waiting).")
    String callId;

    @ArgGroup(exclusive = true)
    Answer answer;

    static final class Answer {
        @Option(names = "--yes", required = true, description = "Let the call go ahead.")
        boolean yes;

        @Option(names = "--no", required = true, description = "Refuse it: the assistant or agent is told so.")
        boolean no;
    }

    @Override
    int run(CellarClient client, NotebookSnapshot nb) throws IOException {
        var waiting = client.call(Methods.CHAT_PENDING, new NotebookParams(nb.notebookId()), PendingApprovals.class).calls();
        if (answer == null && !waiting.isEmpty() && Terminals.interactive()) {
            return ask(client, nb, waiting);
        }
        if (answer == null) {
            if (waiting.isEmpty()) {
                out().println("no tool call waits for approval in " + notebook);
            }
            waiting.forEach(p -> out().println(p.callId() + "  " + p.actor() + "  " + p.tool() + " "
                    + ChatCommand.clip(p.arguments(), 100) + "  (" + ChatCommand.clip(p.why(), 200) + ")"));
            out().flush();
            return ExitCode.OK;
        }
        String id = callId;
        if (id == null) {
            if (waiting.size() != 1) {
                throw new CliException(ExitCode.FAILED, waiting.isEmpty() ? "no tool call waits for approval in " + notebook
                        : waiting.size() + " calls wait; name one: " + String.join(", ",
                        waiting.stream().map(PendingApprovals.Pending::callId).toList()));
            }
            id = waiting.getFirst().callId();
        }
        client.call(Methods.CHAT_APPROVE, new ChatApproveParams(nb.notebookId(), id, answer.yes), Object.class);
        out().println((answer.yes ? "approved " : "refused ") + id);
        out().flush();
        return ExitCode.OK;
    }

    /** Shows each waiting call (or the one named) with the code it would run, and asks the person at the terminal. */
    private int ask(CellarClient client, NotebookSnapshot opened, java.util.List<PendingApprovals.Pending> waiting)
            throws IOException {
        var calls = waiting.stream().filter(p -> callId == null || p.callId().equals(callId)).toList();
        if (calls.isEmpty()) {
            throw new CliException(ExitCode.FAILED, "no tool call " + callId + " waits for approval in " + notebook);
        }
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        int exit = ExitCode.OK;
        for (PendingApprovals.Pending p : calls) {
            NotebookSnapshot nb = client.call(Methods.NOTEBOOK_GET, new NotebookParams(opened.notebookId()),
                    NotebookSnapshot.class);
            ApprovalText.describe(out(), p, nb);
            out().print("approve " + p.callId() + "? [y/N] ");
            out().flush();
            String line = in.readLine();
            if (line == null) {
                out().println();
                break;
            }
            boolean yes = line.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
            try {
                client.call(Methods.CHAT_APPROVE, new ChatApproveParams(nb.notebookId(), p.callId(), yes), Object.class);
                out().println((yes ? "approved " : "refused ") + p.callId());
            } catch (dev.cellar.protocol.rpc.RpcException e) {
                err().println("cellar: " + e.getMessage());
                exit = ExitCode.FAILED;
            }
            out().flush();
        }
        return exit;
    }
}
