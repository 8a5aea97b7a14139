package dev.cellar.cli;

import dev.cellar.protocol.method.PendingApprovals;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.tui.state.ApprovalCode;
import dev.cellar.tui.text.TerminalText;
import java.io.PrintWriter;

/** A waiting tool call as a person reads it before answering: who asks, why, and the code it would run or change. */
final class ApprovalText {
    private ApprovalText() {
    }

    static void describe(PrintWriter out, PendingApprovals.Pending p, NotebookSnapshot nb) {
        // the code and the model's words are shown, never obeyed by the terminal
        out.println(TerminalText.plain(p.actor() + " asks to " + p.tool() + " (" + p.why() + ")"));
        for (String line : ApprovalCode.lines(p.tool(), p.arguments(), nb::cell)) {
            out.println(TerminalText.plain(line));
        }
    }
}
