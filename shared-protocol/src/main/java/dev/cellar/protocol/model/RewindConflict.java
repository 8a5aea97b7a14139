package dev.cellar.protocol.model;

/**
 * A cell that changed after the turn being rewound (by a person or a later turn): what the
 * turn left ({@code turnVersion}, {@code turnCode}; null when the turn deleted it) and what
 * it is now ({@code current}; null when someone deleted it since). The {@code CONFLICT}
 * error of {@code chat.rewind} lists these under {@code data.conflicts}.
 */
public record RewindConflict(String cellId, Long turnVersion, String turnCode, CellInfo current) {
}
