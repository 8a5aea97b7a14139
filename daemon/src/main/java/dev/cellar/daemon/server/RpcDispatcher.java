package dev.cellar.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.daemon.notebook.Command;
import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.notebook.Notebooks;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.run.RunOptions;
import dev.cellar.protocol.method.ConnectionTestParams;
import dev.cellar.protocol.method.AgentCallParams;
import dev.cellar.protocol.method.CellParams;
import dev.cellar.protocol.method.TableRowsParams;
import dev.cellar.protocol.method.ChatApproveParams;
import dev.cellar.protocol.method.ChatSendParams;
import dev.cellar.protocol.method.ChatSendResult;
import dev.cellar.protocol.method.ConfirmParams;
import dev.cellar.protocol.method.CreateCellParams;
import dev.cellar.protocol.method.CreateCellsParams;
import dev.cellar.protocol.method.DeleteCellParams;
import dev.cellar.protocol.method.Empty;
import dev.cellar.protocol.method.Methods;
import dev.cellar.protocol.method.SaveParams;
import dev.cellar.protocol.method.MoveCellParams;
import dev.cellar.protocol.method.KernelUseParams;
import dev.cellar.protocol.method.NotebookParams;
import dev.cellar.protocol.method.OpenParams;
import dev.cellar.protocol.method.PresenceUpdateParams;
import dev.cellar.protocol.method.RewindParams;
import dev.cellar.protocol.method.RunAllParams;
import dev.cellar.protocol.method.RunCellsParams;
import dev.cellar.protocol.method.SubscribeParams;
import dev.cellar.protocol.method.UpdateCellParams;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.Json;
import dev.cellar.protocol.rpc.RpcException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a request into a notebook command: reads the params, finds the notebook, and
 * submits the command to its session. This is the whole path from the socket to the one
 * writer; nothing here changes a notebook itself.
 */
final class RpcDispatcher {
    private final ServedDaemon daemon;
    private final Notebooks notebooks;

    RpcDispatcher(ServedDaemon daemon) {
        this.daemon = daemon;
        this.notebooks = daemon.notebooks();
    }

    CompletableFuture<?> dispatch(String method, JsonNode params, Connection conn, String requestId) {
        Origin origin = conn.origin(requestId);
        AgentPresence.fromRequest(conn, origin, method, params, notebooks);
        return switch (method) {
            case Methods.DAEMON_HELLO -> {
                conn.named(params == null ? null : params.path("clientName").asText(null));
                yield done(Empty.INSTANCE);
            }
            case Methods.DAEMON_INFO -> done(daemon.info());
            case Methods.CONNECTION_TEST -> daemon.testConnection(params(params, ConnectionTestParams.class).name())
                    .thenApply(r -> r);
            case Methods.DAEMON_SHUTDOWN -> {
                daemon.shutdownSoon();
                yield done(Empty.INSTANCE);
            }
            case Methods.NOTEBOOK_OPEN -> {
                OpenParams p = params(params, OpenParams.class);
                yield notebooks.open(p.path(), p.create()).thenCompose(s -> s.submit(origin, new Command.Snapshot()));
            }
            case Methods.NOTEBOOK_GET -> session(params(params, NotebookParams.class).notebookId())
                    .submit(origin, new Command.Snapshot());
            case Methods.CELL_GET -> {
                CellParams p = params(params, CellParams.class);
                yield session(p.notebookId()).submit(origin, new Command.GetCell(p.cellId()));
            }
            case Methods.TABLE_ROWS -> {
                TableRowsParams p = params(params, TableRowsParams.class).validated();
                yield session(p.notebookId()).tableRows(origin, p).thenApply(r -> r);
            }
            case Methods.NOTEBOOK_SUBSCRIBE -> {
                SubscribeParams p = params(params, SubscribeParams.class);
                NotebookSession s = session(p.notebookId());
                yield s.submit(origin, new Command.Subscribe(conn.subscriberFor(s), p.sinceSeq(), conn.attendee(s)));
            }
            case Methods.PRESENCE_UPDATE -> {
                PresenceUpdateParams p = params(params, PresenceUpdateParams.class);
                NotebookSession s = session(p.notebookId());
                yield s.submit(origin, new Command.UpdatePresence(conn.attendee(s), p.cellId(), p.activity()));
            }
            case Methods.NOTEBOOK_SAVE -> {
                SaveParams p = params(params, SaveParams.class);
                yield p.path() == null ? session(p.notebookId()).submit(origin, new Command.SaveFile(null))
                        : notebooks.saveAs(session(p.notebookId()), origin, p.path());
            }
            case Methods.NOTEBOOK_CLOSE -> notebooks.close(params(params, NotebookParams.class).notebookId())
                    .thenApply(v -> Empty.INSTANCE);
            case Methods.NOTEBOOK_RUN_ALL -> {
                RunAllParams p = params(params, RunAllParams.class);
                java.util.Map<String, String> values = new java.util.HashMap<>();
                if (p.parameters() != null) {
                    p.parameters().forEach((k, v) -> values.put(k, v.toString()));
                }
                if (p.cellTimeoutMillis() != null && p.cellTimeoutMillis() <= 0) {
                    throw new RpcException(ErrorCode.INVALID_PARAMS, "cellTimeoutMillis must be positive");
                }
                RunOptions options = new RunOptions(values,
                        p.cellTimeoutMillis() == null ? null : java.time.Duration.ofMillis(p.cellTimeoutMillis()), p.failFast(),
                        p.freshKernel());
                yield session(p.notebookId()).submit(origin, new Command.Run(null, p.awaitResult(), options));
            }
            case Methods.NOTEBOOK_INTERRUPT -> session(params(params, NotebookParams.class).notebookId())
                    .submit(origin, new Command.Interrupt());
            case Methods.NOTEBOOK_CONFIRM -> {
                ConfirmParams p = params(params, ConfirmParams.class);
                CompletableFuture<NotebookSession> s = p.notebookId() != null
                        ? CompletableFuture.completedFuture(session(p.notebookId())) : notebooks.open(p.path(), false);
                yield s.thenCompose(session -> session.confirm(origin, p.dryRun(), p.interpreterSha256()));
            }
            case Methods.KERNEL_USE -> {
                KernelUseParams p = params(params, KernelUseParams.class);
                yield session(p.notebookId()).use(origin, p.python()).thenApply(r -> r);
            }
            case Methods.KERNEL_INTERPRETERS -> session(params(params, NotebookParams.class).notebookId()).interpreters()
                    .thenApply(r -> r);
            case Methods.KERNEL_RESTART -> session(params(params, NotebookParams.class).notebookId())
                    .submit(origin, new Command.RestartKernel());
            case Methods.NOTEBOOK_FIX -> {
                // a turn of its own: the fix is one checkpointed edit that chat.rewind undoes
                NotebookSession s = session(params(params, NotebookParams.class).notebookId());
                yield s.submit(origin, new Command.BeginTurn(origin.actor(), "cellar fix"))
                        .thenCompose(turn -> s.submit(new Origin(origin.actor(), origin.requestId(), (String) turn),
                                new Command.Fix()));
            }
            case Methods.CELL_CREATE -> {
                CreateCellParams p = params(params, CreateCellParams.class);
                yield session(p.notebookId()).submit(origin,
                        new Command.CreateCell(p.kind(), p.code(), p.index(), p.afterCellId(), p.out(),
                                !Boolean.FALSE.equals(p.autorun()), p.tags() != null && p.tags().contains("parameters"),
                                p.outputs(), new dev.cellar.daemon.model.SqlCellOptions(p.conn(), Boolean.TRUE.equals(p.cache()))));
            }
            case Methods.CELL_CREATE_MANY -> {
                CreateCellsParams p = params(params, CreateCellsParams.class);
                if (p.cells() == null || p.cells().contains(null)) {
                    throw new IllegalArgumentException("cells is required, a list of cells");
                }
                List<Command.CreateCell> cells = p.cells().stream().map(c -> new Command.CreateCell(c.kind(), c.code(), null,
                        null, c.out(), false, c.tags() != null && c.tags().contains("parameters"), c.outputs(),
                        new dev.cellar.daemon.model.SqlCellOptions(c.conn(), c.cache()))).toList();
                yield session(p.notebookId()).submit(origin,
                        new Command.CreateCells(p.index(), p.afterCellId(), !Boolean.FALSE.equals(p.autorun()),
                                Boolean.TRUE.equals(p.rewrite()), cells));
            }
            case Methods.CELL_UPDATE -> {
                UpdateCellParams p = params(params, UpdateCellParams.class);
                yield session(p.notebookId()).submit(origin,
                        new Command.UpdateCell(p.cellId(), p.code(), p.expectedVersion(), true, p.kind(), p.out()));
            }
            case Methods.CELL_DELETE -> {
                DeleteCellParams p = params(params, DeleteCellParams.class);
                yield session(p.notebookId()).submit(origin, new Command.DeleteCell(p.cellId(), p.expectedVersion()));
            }
            case Methods.CELL_MOVE -> {
                MoveCellParams p = params(params, MoveCellParams.class);
                if (p.index() == null) {
                    throw new RpcException(ErrorCode.INVALID_PARAMS, "index is required");
                }
                yield session(p.notebookId()).submit(origin, new Command.MoveCell(p.cellId(), p.index()));
            }
            case Methods.CELL_RUN -> {
                RunCellsParams p = params(params, RunCellsParams.class);
                if (p.cellIds() == null) {
                    throw new RpcException(ErrorCode.INVALID_PARAMS, "cellIds is required");
                }
                yield session(p.notebookId()).submit(origin, new Command.Run(p.cellIds(), p.awaitResult()));
            }
            case Methods.CHAT_SEND -> {
                ChatSendParams p = params(params, ChatSendParams.class);
                yield daemon.assistant().send(session(p.notebookId()), p.text(), origin.actor(), p.approveAll())
                        .thenApply(ChatSendResult::new);
            }
            case Methods.CHAT_CANCEL -> {
                daemon.assistant().cancel(session(params(params, NotebookParams.class).notebookId()));
                yield done(Empty.INSTANCE);
            }
            case Methods.CHAT_APPROVE -> {
                ChatApproveParams p = params(params, ChatApproveParams.class);
                daemon.assistant().approve(session(p.notebookId()), p.callId(), p.approved(), origin.actor(), conn.id(),
                        conn.pid());
                yield done(Empty.INSTANCE);
            }
            case Methods.CHAT_PENDING -> done(daemon.assistant().pending(session(params(params, NotebookParams.class)
                    .notebookId())));
            case Methods.AGENT_TOOLS -> done(daemon.agents().tools());
            case Methods.AGENT_CALL -> daemon.agents().call(origin.actor(), conn.id(), conn.pid(),
                            params(params, AgentCallParams.class));
            case Methods.CHAT_HISTORY -> daemon.assistant().history(session(params(params, NotebookParams.class)
                    .notebookId()), origin);
            case Methods.CHAT_REWIND -> {
                RewindParams p = params(params, RewindParams.class);
                yield daemon.assistant().rewind(session(p.notebookId()), origin, p.turnId(), p.force(), p.dryRun());
            }
            default -> throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "no method '" + method + "'");
        };
    }

    /** The connection closed: an agent's turns on it end. */
    void closed(Connection conn) {
        daemon.agents().disconnected(conn.id());
    }

    private NotebookSession session(String notebookId) {
        return notebooks.get(notebookId);
    }

    private static <T> T params(JsonNode params, Class<T> type) {
        if (params != null && !params.isObject()) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "params must be an object with named members");
        }
        try {
            return Json.convert(params == null ? Json.MAPPER.createObjectNode() : params, type);
        } catch (IllegalArgumentException e) {
            throw ErrorMapper.toRpc(e);
        }
    }

    private static CompletableFuture<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }
}
