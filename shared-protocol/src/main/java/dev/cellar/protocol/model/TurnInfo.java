package dev.cellar.protocol.model;

import java.util.List;

/**
 * One assistant or agent turn, as the checkpoint the daemon keeps of it: who ({@code actor}),
 * when it started (epoch milliseconds), what was asked, the cells it touched and a
 * one-line summary of them; {@code rewound} once {@code chat.rewind} undid it.
 */
public record TurnInfo(String turnId, String actor, long startedAt, String prompt, List<String> cellIds, String summary,
                       boolean rewound) {
    public TurnInfo {
        cellIds = cellIds == null ? List.of() : List.copyOf(cellIds);
    }
}
