package dev.cellar.protocol.event;

import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.KernelInfo;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.model.PresenceInfo;
import java.util.List;

/**
 * One notebook event, sent as the params of an {@code event} notification. {@code seq}
 * is per notebook, gap-free and increasing. {@code actor} is {@code user:<client>},
 * {@code agent:<name>} (a client that connected under that name), {@code assistant} or
 * {@code kernel}; {@code requestId} is the id of the request that
 * caused it, when there was one. Fields that do not apply to the type are absent.
 */
public record Event(
        String notebookId,
        long seq,
        EventType type,
        String actor,
        String requestId,
        Long revision,
        CellInfo cell,
        String cellId,
        Integer index,
        Output output,
        String runId,
        List<String> cellIds,
        Boolean lastWriterWins,
        ChatEvent chat,
        List<PresenceInfo> presence,
        String notice,
        KernelInfo kernel) {

    /** A builder keeps call sites readable despite the many optional fields. */
    public static Builder of(EventType type) {
        return new Builder(type);
    }

    public static final class Builder {
        private final EventType type;
        private String actor;
        private String requestId;
        private Long revision;
        private CellInfo cell;
        private String cellId;
        private Integer index;
        private Output output;
        private String runId;
        private List<String> cellIds;
        private Boolean lastWriterWins;
        private ChatEvent chat;
        private List<PresenceInfo> presence;
        private String notice;
        private KernelInfo kernel;

        private Builder(EventType type) {
            this.type = type;
        }

        public Builder actor(String actor) { this.actor = actor; return this; }
        public Builder requestId(String requestId) { this.requestId = requestId; return this; }
        public Builder revision(long revision) { this.revision = revision; return this; }
        public Builder cell(CellInfo cell) { this.cell = cell; this.cellId = cell.id(); return this; }
        public Builder cellId(String cellId) { this.cellId = cellId; return this; }
        public Builder index(int index) { this.index = index; return this; }
        public Builder output(Output output) { this.output = output; return this; }
        public Builder runId(String runId) { this.runId = runId; return this; }
        public Builder cellIds(List<String> cellIds) { this.cellIds = List.copyOf(cellIds); return this; }
        public Builder lastWriterWins(boolean lww) { this.lastWriterWins = lww ? Boolean.TRUE : null; return this; }
        public Builder chat(ChatEvent chat) { this.chat = chat; return this; }
        public Builder presence(List<PresenceInfo> presence) { this.presence = List.copyOf(presence); return this; }
        public Builder notice(String notice) { this.notice = notice; return this; }
        public Builder kernel(KernelInfo kernel) { this.kernel = kernel; return this; }

        /** The notebook and seq are stamped by the notebook's event log, the only place that numbers events. */
        public Event build(String notebookId, long seq) {
            return new Event(notebookId, seq, type, actor, requestId, revision, cell, cellId, index, output, runId,
                    cellIds, lastWriterWins, chat, presence, notice, kernel);
        }
    }
}
