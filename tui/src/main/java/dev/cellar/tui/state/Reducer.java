package dev.cellar.tui.state;

import dev.cellar.protocol.event.ChatEvent;
import dev.cellar.protocol.event.Event;
import dev.cellar.protocol.event.EventType;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The state after an event or a snapshot: pure functions, the same for every client. */
public final class Reducer {
    private Reducer() {
    }

    public static TuiState snapshot(TuiState s, NotebookSnapshot nb) {
        TuiState next = s.withNotebook(nb.notebookId(), nb.revision(), nb.cells(), nb.kernel())
                .withPresence(s.presence().with(nb.presence()));
        Editor e = s.editor();
        if (e != null) {
            CellInfo now = nb.cell(e.cellId());
            if (now != null && now.version() != e.baseVersion() && !now.code().equals(e.text())) {
                next = next.withEditor(e.withTheirs(now.code(), now.lastActor()));
            }
        }
        return next;
    }

    /** What the daemon found wrong in the file, for the message line on attaching; empty when nothing. */
    public static String problemsMessage(NotebookSnapshot nb) {
        List<String> problems = nb.problems();
        if (problems.isEmpty()) {
            return "";
        }
        String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more: cellar show lists them)";
        return "warning: " + problems.getFirst() + more;
    }

    /** The conversation so far, as chat lines (on attaching and after a reconnect). */
    public static TuiState history(TuiState s, dev.cellar.protocol.method.ChatHistory history) {
        List<ChatLine> lines = new ArrayList<>();
        java.util.Map<String, String> tools = new java.util.HashMap<>();
        for (dev.cellar.protocol.model.ChatMessage m : history.messages()) {
            switch (m.role()) {
                case "user" -> lines.add(new ChatLine(ChatLine.Kind.USER, m.text()));
                case "tool" -> {
                    boolean ok = !Boolean.FALSE.equals(m.ok()); // the daemon says; unknown (an older file) is not a failure
                    lines.add(new ChatLine(ok ? ChatLine.Kind.RESULT : ChatLine.Kind.RESULT_FAILED, ToolCards.result(
                            new ChatEvent(null, null, m.toolCallId(), tools.getOrDefault(m.toolCallId(), "?"), null, m.text(),
                                    ok, null))));
                }
                default -> {
                    if (m.text() != null && !m.text().isEmpty()) {
                        lines.add(new ChatLine(ChatLine.Kind.ASSISTANT, m.text()));
                    }
                    for (var call : m.toolCalls()) {
                        tools.put(call.id(), call.name());
                        lines.add(new ChatLine(ChatLine.Kind.TOOL, ToolCards.call(ChatEvent.call(null, call.id(), call.name(),
                                call.arguments()))));
                    }
                }
            }
        }
        return s.withChat(lines, s.turnId(), s.approvalCallId());
    }

    public static TuiState apply(TuiState s, Event e, String me) {
        return switch (e) {
            case Event.CellCreated c -> {
                List<CellInfo> cells = new ArrayList<>(s.cells());
                cells.add(Math.min(c.index(), cells.size()), c.cell());
                yield s.withCells(cells, c.revision(), changed(s, e, c.cell().id(), me));
            }
            case Event.CellUpdated u -> conflictCheck(replace(s, u.cell(), changed(s, e, u.cell().id(), me), u.revision()),
                    u.cell(), e.actor(), me);
            case Event.CellState st -> conflictCheck(replace(s, st.cell(), s.changedByOthers(), s.revision()),
                    st.cell(), e.actor(), me);
            case Event.CellOutput o -> {
                List<CellInfo> cells = new ArrayList<>();
                for (CellInfo c : s.cells()) {
                    cells.add(c.id().equals(o.cellId()) ? withOutput(c, o.output()) : c);
                }
                yield s.withCells(cells, s.revision(), s.changedByOthers());
            }
            case Event.CellDeleted d -> {
                List<CellInfo> cells = s.cells().stream().filter(c -> !c.id().equals(d.cellId())).toList();
                yield s.withCells(cells, d.revision(), s.changedByOthers());
            }
            case Event.CellMoved m -> {
                List<CellInfo> cells = new ArrayList<>(s.cells());
                CellInfo moved = cells.stream().filter(c -> c.id().equals(m.cellId())).findFirst().orElse(null);
                if (moved != null) {
                    cells.remove(moved);
                    cells.add(Math.min(m.index(), cells.size()), moved);
                }
                yield s.withCells(cells, m.revision(), s.changedByOthers());
            }
            case Event.Chat c -> chat(s, c.type(), c.chat());
            case Event.Resync r -> s.withMessage("resyncing…");
            case Event.NotebookFile f -> s.withMessage(RewindFlow.oneLine(f.notice())); // moved, deleted, back, or a held header
            case Event.KernelChanged k -> k.kernel() == null ? s
                    : s.withNotebook(s.notebookId(), s.revision(), s.cells(), k.kernel())
                    .withMessage(k.notice() != null ? RewindFlow.oneLine(e.actor() + ": " + k.notice())
                            : k.kernel().pending() != null ? "still waiting: " + k.kernel().pending()
                            : KernelText.restarted(k.kernel()));
            case Event.NotebookClosed closed -> s.withConnection(false, "the notebook was closed in the daemon");
            case Event.Presence p -> s.withPresence(s.presence().with(p.presence()));
            case Event.RunStarted r -> s;
            case Event.RunFinished r -> s;
        };
    }

    /** A step of an assistant's or agent's turn, as a line of the chat pane. */
    private static TuiState chat(TuiState s, EventType kind, ChatEvent c) {
        return switch (kind) {
            case CHAT_MESSAGE -> chat(s, new ChatLine(ChatLine.Kind.USER, c.text()), c.turnId(), null);
            case CHAT_DELTA -> {
                List<ChatLine> lines = new ArrayList<>(s.chat());
                if (!lines.isEmpty() && lines.getLast().kind() == ChatLine.Kind.ASSISTANT) {
                    lines.set(lines.size() - 1, new ChatLine(ChatLine.Kind.ASSISTANT, lines.getLast().text() + c.text()));
                } else {
                    lines.add(new ChatLine(ChatLine.Kind.ASSISTANT, c.text()));
                }
                yield s.withChat(lines, s.turnId(), s.approvalCallId());
            }
            case CHAT_TOOL_CALL -> chat(s, new ChatLine(ChatLine.Kind.TOOL, ToolCards.call(c)), s.turnId(),
                    s.approvalCallId());
            case CHAT_APPROVAL -> chat(s, new ChatLine(ChatLine.Kind.APPROVAL, approval(s, c)), s.turnId(), c.callId());
            case CHAT_TOOL_RESULT -> chat(s, new ChatLine(Boolean.TRUE.equals(c.ok()) ? ChatLine.Kind.RESULT
                    : ChatLine.Kind.RESULT_FAILED, ToolCards.result(c)), s.turnId(),
                    c.callId().equals(s.approvalCallId()) ? null : s.approvalCallId());
            case CHAT_TURN_ENDED -> {
                ChatLine end = "done".equals(c.reason()) ? null
                        : new ChatLine(ChatLine.Kind.ERROR, "turn " + c.reason() + (c.text() == null || c.text().isEmpty()
                        ? "" : ": " + c.text()));
                List<ChatLine> lines = new ArrayList<>(s.chat());
                if (end != null) {
                    lines.add(end);
                }
                yield s.withChat(lines, null, null);
            }
            default -> s; // Event.Chat holds only chat kinds
        };
    }

    /**
     * {@code chat.send} said no assistant is configured: the how-to goes in the pane, the
     * typed text stays in the input to send once it is.
     */
    public static TuiState assistantMissing(TuiState s, String howTo, String typed) {
        TuiState next = chat(s, new ChatLine(ChatLine.Kind.ERROR, howTo), s.turnId(), s.approvalCallId());
        return next.withAssistantSetup(howTo).withChatInput(s.chatInput().isEmpty() ? typed : s.chatInput());
    }

    /** The question with what it would run or change (the code, an edit as a diff); the question last, by the keys. */
    private static String approval(TuiState s, ChatEvent c) {
        List<String> code = ApprovalCode.lines(c.tool(), c.arguments(),
                id -> s.cells().stream().filter(cell -> cell.id().equals(id)).findFirst().orElse(null));
        return c.text() + ": " + c.tool() + (code.isEmpty() ? "" : "\n" + String.join("\n", code)) + "\napprove? y/n";
    }

    private static TuiState chat(TuiState s, ChatLine line, String turn, String approval) {
        List<ChatLine> lines = new ArrayList<>(s.chat());
        lines.add(line);
        return s.withChat(lines, turn, approval);
    }

    private static TuiState replace(TuiState s, CellInfo cell, Set<String> changed, long revision) {
        List<CellInfo> cells = new ArrayList<>();
        for (CellInfo c : s.cells()) {
            cells.add(c.id().equals(cell.id()) ? cell : c);
        }
        return s.withCells(cells, revision, changed);
    }

    /** Someone else changed the cell being edited: the editor says so and keeps both versions. */
    private static TuiState conflictCheck(TuiState s, CellInfo cell, String actor, String me) {
        Editor e = s.editor();
        if (e == null || !e.cellId().equals(cell.id()) || cell.version() == e.baseVersion() || actor == null
                || actor.equals(me)) {
            return s;
        }
        if (cell.code().equals(e.text())) {
            return s.withEditor(e.rebased(cell.version()));
        }
        // the cell names who changed its code; the event's actor may be the kernel reporting a status
        String who = cell.lastActor() != null ? cell.lastActor() : actor;
        return s.withEditor(e.withTheirs(cell.code(), who));
    }

    private static Set<String> changed(TuiState s, Event e, String cellId, String me) {
        if (e.actor() == null || e.actor().equals(me)) {
            return s.changedByOthers();
        }
        Set<String> next = new HashSet<>(s.changedByOthers());
        next.add(cellId);
        return next;
    }


    /** A streamed output: text joins the stream before it; a display (a figure, a value) is added as it comes. */
    private static CellInfo withOutput(CellInfo c, Output chunk) {
        List<Output> outs = new ArrayList<>(c.outputs());
        if (chunk instanceof Output.Stream st && !outs.isEmpty() && outs.getLast() instanceof Output.Stream last
                && last.name().equals(st.name())) {
            outs.set(outs.size() - 1, new Output.Stream(st.name(), last.text() + st.text()));
        } else {
            outs.add(chunk);
        }
        return new CellInfo(c.id(), c.kind(), c.code(), c.version(), c.status(), c.defs(), c.refs(), outs, c.error(), c.out(),
                c.lastActor(), c.tags(), c.conn(), c.cache());
    }
}
