package dev.cellar.daemon.notebook;

import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.model.Settings;
import dev.cellar.daemon.store.HeaderRights;
import dev.cellar.daemon.trust.InterpreterCheck;
import dev.cellar.daemon.trust.Rights;
import dev.cellar.daemon.trust.Trust;
import dev.cellar.protocol.method.ConfirmResult;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code notebook.confirm}: what a notebook's trust records hold back (header settings wider
 * than a person confirmed, an interpreter a confined cell could have planted), shown, and on a
 * person's word recorded; the session then runs on them ({@link NotebookSession#reconsider}).
 */
final class Confirmations {
    private Confirmations() {
    }

    /** What waits: the header as written against what was confirmed, and the Python it would run on. */
    record Pending(Rights wanted, boolean headerChecked, List<ConfirmResult.SettingChange> header,
                   InterpreterCheck.Unconfirmed interpreter) {
        boolean nothing() {
            return header.isEmpty() && interpreter == null;
        }

        ConfirmResult.PendingInterpreter pendingInterpreter() {
            return interpreter == null ? null : new ConfirmResult.PendingInterpreter(interpreter.path().toString(),
                    interpreter.sha256(), interpreter.previousSha256());
        }
    }

    static Pending pending(Path notebook, String header, SessionServices services) {
        Trust trust = services.interpreters().trust();
        Rights wanted = HeaderRights.of(header);
        Rights confirmed = trust.confirmed(notebook);
        List<ConfirmResult.SettingChange> changes = new ArrayList<>();
        if (confirmed != null) {
            for (String key : wanted.differences(confirmed)) {
                changes.add(new ConfirmResult.SettingChange(key, confirmed.get(key), wanted.get(key)));
            }
        }
        // the Python the header as written would run on: probed only when it may run anyway
        Settings settings = HeaderRights.settings(header, wanted, new ArrayList<>());
        Interpreter python = services.interpreters().resolve(settings.python(), notebook.toAbsolutePath().getParent());
        InterpreterCheck.Unconfirmed interpreter = null;
        if (python.unconfirmed() && trust.checkInterpreter(python.executable()) instanceof InterpreterCheck.Unconfirmed u) {
            interpreter = u;
        }
        return new Pending(wanted, confirmed != null, changes, interpreter);
    }

    static CompletableFuture<ConfirmResult> confirm(NotebookSession session, Origin origin, boolean dryRun,
                                                    String expectedSha256, SessionServices services) {
        return session.header().thenApplyAsync(header -> pending(session.path(), header, services)).thenCompose(p -> {
            boolean nothing = p.nothing() && session.heldFromFile().isEmpty();
            if (dryRun || nothing) {
                return CompletableFuture.completedFuture(new ConfirmResult(false, p.header(), p.pendingInterpreter(),
                        session.kernelInfo(), nothing ? "nothing waits for a confirmation in " + session.path()
                        : "waiting for a confirmation: cellar confirm " + session.path()
                        + (session.heldFromFile().isEmpty() ? "" : " (the file's header asks for "
                        + String.join(", ", session.heldFromFile()) + ")")));
            }
            if (expectedSha256 != null && p.interpreter() != null && !expectedSha256.equals(p.interpreter().sha256())) {
                throw new RpcException(ErrorCode.CONFLICT, p.interpreter().path() + " changed since it was shown (sha256 "
                        + p.interpreter().sha256() + " now, " + expectedSha256 + " shown): nothing was confirmed; look again");
            }
            Trust trust = services.interpreters().trust();
            if (p.headerChecked()) {
                trust.confirmHeader(session.path(), p.wanted());
            }
            if (p.interpreter() != null) {
                trust.confirmInterpreter(p.interpreter().path(), p.interpreter().sha256());
            }
            return session.reconsider(origin).thenApply(kernel -> new ConfirmResult(true, p.header(),
                    p.pendingInterpreter(), kernel, "confirmed; " + session.path() + " runs on " + kernel.description()
                    + ", sandbox: " + kernel.sandbox()));
        });
    }
}
