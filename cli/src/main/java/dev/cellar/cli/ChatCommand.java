package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.method.ChatApproveParams;
import dev.cellar.protocol.method.ChatHistory;
import dev.cellar.protocol.method.ChatSendParams;
import dev.cellar.protocol.method.ChatSendResult;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.model.ChatMessage;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.text.TerminalText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "chat", description = {"Ask the assistant to work in a notebook; its turn streams here until it ends.",
        "Exits 0 when the turn finished, 1 when it failed or was cancelled."})
final class ChatCommand extends NotebookCommand {
    @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT", description = "What the assistant should do.")
    String text;

    @Option(names = "--yes", description = "Approve every tool call of this turn in advance.")
    boolean yes;

    @Option(names = "--history", description = "Print the notebook's conversation and its turns instead.")
    boolean history;

    @Option(names = "--rewind", arity = "0..1", fallbackValue = "", paramLabel = "TURN",
            description = "Undo a turn of the assistant or an agent (default: the last one) as one edit.")
    String rewind;

    @Option(names = "--force", arity = "0..1", fallbackValue = "*", split = ",", paramLabel = "CELL",
            description = "With --rewind: overwrite these cells (default: all) although they changed after the turn.")
    java.util.List<String> force;

    @Override
    int run(CellarClient client, NotebookSnapshot nb) throws IOException {
        if (history) {
            printHistory(client.call(Methods.CHAT_HISTORY, new NotebookParams(nb.notebookId()), ChatHistory.class));
            return ExitCode.OK;
        }
        if (rewind != null) {
            return new RewindPrinter(out(), err(), notebook.toString()).rewind(client, nb.notebookId(),
                    rewind.isBlank() ? null : rewind, force == null ? java.util.List.of() : force);
        }
        if (force != null) {
            throw new CliException(ExitCode.USAGE, "--force goes with --rewind");
        }
        if (text == null || text.isBlank()) {
            throw new CliException(ExitCode.USAGE, "say what the assistant should do: cellar chat " + notebook + " \"…\"");
        }
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        client.onEvent(events::add);
        client.call(Methods.NOTEBOOK_SUBSCRIBE, new SubscribeParams(nb.notebookId(), nb.seq()), Object.class);
        String turn = client.call(Methods.CHAT_SEND, new ChatSendParams(nb.notebookId(), text, yes), ChatSendResult.class)
                .turnId();
        Thread cancelOnCtrlC = new Thread(() -> client.notify(Methods.CHAT_CANCEL, new NotebookParams(nb.notebookId())));
        Runtime.getRuntime().addShutdownHook(cancelOnCtrlC);
        try {
            return follow(client, nb.notebookId(), turn, events);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
    }

    private int follow(CellarClient client, String notebookId, String turn, BlockingQueue<Event> events) throws IOException {
        PrintWriter out = out();
        boolean midLine = false;
        while (true) {
            Event e;
            try {
                e = events.take();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return ExitCode.FAILED;
            }
            if (!(e instanceof Event.Chat step) || !turn.equals(step.chat().turnId())) {
                continue;
            }
            ChatEvent chat = step.chat();
            switch (e.type()) {
                case CHAT_DELTA -> {
                    out.print(TerminalText.plain(chat.text()));
                    midLine = !chat.text().endsWith("\n");
                }
                case CHAT_TOOL_CALL -> {
                    newline(out, midLine);
                    midLine = false;
                    out.println("→ " + chat.tool() + " " + clip(chat.arguments(), 160));
                }
                case CHAT_TOOL_RESULT -> out.println((Boolean.TRUE.equals(chat.ok()) ? "  ✓ " : "  ✗ ") + clip(chat.result(), 200));
                case CHAT_APPROVAL -> out.println(approve(client, notebookId, chat) ? "  approved" : "  rejected");
                case CHAT_TURN_ENDED -> {
                    newline(out, midLine);
                    out.flush();
                    if (!"done".equals(chat.reason())) {
                        err().println("cellar: the assistant's turn ended (" + chat.reason() + ")"
                                + (chat.text() == null || chat.text().isEmpty() ? "" : ": " + chat.text()));
                        return ExitCode.FAILED;
                    }
                    return ExitCode.OK;
                }
                default -> { }
            }
            out.flush();
        }
    }

    /** Asks on the terminal; without one, another client (the TUI) has to answer. */
    private boolean approve(CellarClient client, String notebookId, ChatEvent ask) throws IOException {
        if (!Terminals.interactive()) {
            out().println("  waiting for approval from another client (" + ask.text() + "; cellar chat --yes approves in advance)");
            out().flush();
            return false;
        }
        out().print("  " + TerminalText.plain(ask.text()) + ": " + ask.tool() + " " + clip(ask.arguments(), 120) + " — approve? [y/N] ");
        out().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        boolean yes = answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        client.call(Methods.CHAT_APPROVE, new ChatApproveParams(notebookId, ask.callId(), yes), Object.class);
        return yes;
    }

    private void printHistory(ChatHistory h) {
        for (ChatMessage m : h.messages()) {
            switch (m.role()) {
                case "user" -> out().println("you: " + TerminalText.plain(m.text()));
                case "tool" -> out().println("  ← " + clip(m.text(), 200));
                default -> {
                    if (m.text() != null && !m.text().isEmpty()) {
                        out().println("assistant: " + TerminalText.plain(m.text()));
                    }
                    m.toolCalls().forEach(c -> out().println("  → " + c.name() + " " + clip(c.arguments(), 160)));
                }
            }
        }
        if (h.messages().isEmpty()) {
            err().println("cellar: no conversation yet in " + notebook);
        }
        RewindPrinter.printTurns(out(), h.turns());
    }

    private static void newline(PrintWriter out, boolean midLine) {
        if (midLine) {
            out.println();
        }
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = TerminalText.visible(s.replace('\n', ' ')); // a model's words are shown, never obeyed
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
