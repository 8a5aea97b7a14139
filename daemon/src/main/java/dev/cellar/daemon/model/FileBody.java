package dev.cellar.daemon.model;

import dev.cellar.protocol.model.CellKind;

/**
 * A cell's body as the file last had it: the text after its marker line ({@code body}), the
 * blank lines that followed it ({@code separator}, up to the next marker or the end of the
 * file), whether it was the last cell, and the kind and code that text reads as. Saving writes
 * it back exactly while the cell still has that kind and code, and otherwise keeps what it
 * can: lines that read as lines of the new code, and triple quotes around markdown.
 */
public record FileBody(CellKind kind, String code, String body, String separator, boolean last) {
    /** Whether a cell with this kind and code still reads as this body (the code is usually the very same string). */
    public boolean holds(CellKind cellKind, String cellCode) {
        return kind == cellKind && code.equals(cellCode);
    }
}
